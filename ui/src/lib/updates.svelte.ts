// The newer version on offer, shared by the app-wide banner and Sobre's update panel: set
// by the shell's daily check (the `UpdateOffered` event) or by "Verificar atualizações".
import { events, type UpdateOffer } from "./bindings";

class UpdateState {
  offer = $state<UpdateOffer | null>(null);
  /** "Depois" on the banner: hidden until another version is offered. */
  dismissedVersion = $state<string | null>(null);

  offered(offer: UpdateOffer | null): void {
    this.offer = offer;
  }

  get bannerShown(): boolean {
    return this.offer !== null && this.offer.version !== this.dismissedVersion;
  }

  dismiss(): void {
    this.dismissedVersion = this.offer?.version ?? null;
  }
}

export const updates = new UpdateState();

/** Starts listening; returns the function that stops. */
export async function listenToUpdates(): Promise<() => void> {
  return events.updateOffered.listen((event) => updates.offered(event.payload));
}
