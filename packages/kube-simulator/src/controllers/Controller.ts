import type { ObjectStore, StoreListener } from '../store/ObjectStore';

/** A control loop fed by store changes; stop() detaches it so a stopped simulator does no more work. */
export abstract class Controller {
  private readonly subscriptions: (() => void)[] = [];

  protected onStoreChange(store: ObjectStore, listener: StoreListener): void {
    this.subscriptions.push(store.onChange(listener));
  }

  stop(): void {
    this.subscriptions.splice(0).forEach(unsubscribe => unsubscribe());
  }
}
