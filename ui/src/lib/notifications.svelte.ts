// The unread count behind the navigation's badge, and a counter bumped at each new
// notification, for the Notificações screen to reload. Fed by the core's
// NotificationWritten events; refreshed after the operator marks notifications read.
import { commands, events } from "./bindings";

class NotificationCenter {
  unread = $state(0);
  /** Bumped at each notification the core writes. */
  writtenCount = $state(0);

  async refreshUnread(): Promise<void> {
    const result = await commands.unreadNotifications();
    if (result.status === "ok") this.unread = result.data;
  }
}

export const notificationCenter = new NotificationCenter();

/** Starts listening; returns the function that stops. */
export async function listenToNotifications(): Promise<() => void> {
  const stop = await events.notificationWritten.listen(() => {
    notificationCenter.writtenCount += 1;
    void notificationCenter.refreshUnread();
  });
  await notificationCenter.refreshUnread();
  return stop;
}
