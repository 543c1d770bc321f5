// Tells the shell that the Painel has painted, once, so it logs the launch-to-paint time.
import { commands } from "./bindings";

let announced = false;

export function announcePainelPainted(): void {
  if (announced) return;
  announced = true;
  // Two frames: the first schedules the paint, the second runs after it.
  requestAnimationFrame(() => requestAnimationFrame(() => void commands.painelPainted()));
}
