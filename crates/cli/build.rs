//! Hands the commit and build date to `ponte --version` (see `ponte-build-info`).

fn main() {
    ponte_build_info::emit();
}
