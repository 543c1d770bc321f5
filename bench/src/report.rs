//! The printed table: one line per measurement, with its value, its goal and how the value
//! was obtained.

/// The table's header, printed once before any benchmark runs.
pub fn print_header() {
    println!("{:<48}{:>14}{:>12}  detail", "measurement", "value", "goal");
}

/// One printed line: name, value, goal, and how the value was obtained.
pub struct Line {
    name: String,
    value: String,
    goal: String,
    detail: String,
}

pub struct Report(pub Vec<Line>);

impl Report {
    pub fn print(&self) {
        for line in &self.0 {
            println!(
                "{:<48}{:>14}{:>12}  {}",
                line.name, line.value, line.goal, line.detail
            );
        }
    }
}

pub fn line(name: &str, value: String, goal: &str, detail: String) -> Line {
    Line {
        name: name.into(),
        value,
        goal: goal.into(),
        detail,
    }
}
