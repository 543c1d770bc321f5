// The typed IPC surface (generated in bindings.ts) with errors turned into exceptions, so
// screens can `await` and show `error.message` (pt-BR, with the next step) on failure.
import { commands, type IpcError, type IpcErrorCode, type Result } from "./bindings";

export class AppError extends Error {
  readonly code: IpcErrorCode;
  constructor(error: IpcError) {
    super(error.message);
    this.code = error.code;
  }
}

/** The value of a command, or an `AppError` thrown with the command's `{code, message}`. */
export async function call<T>(pending: Promise<Result<T, IpcError>>): Promise<T> {
  const result = await pending;
  if (result.status === "error") throw new AppError(result.error);
  return result.data;
}

/** The pt-BR message of anything a command threw. */
export function messageOf(error: unknown): string {
  if (error instanceof AppError) return error.message;
  if (error instanceof Error) return `Erro inesperado: ${error.message}. Veja os logs da Ponte.`;
  return `Erro inesperado: ${String(error)}. Veja os logs da Ponte.`;
}

/** Runs `work`: `null` when it succeeds, else the pt-BR message of what it threw, for the
 * screen's error line. */
export async function failureOf(work: () => Promise<unknown>): Promise<string | null> {
  try {
    await work();
    return null;
  } catch (e) {
    return messageOf(e);
  }
}

export { commands };
