// Re-renders a Lit element when the interface language changes.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { onLanguageChange } from './strings';

export class LanguageController implements ReactiveController {
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected() {
    this.unsubscribe = onLanguageChange(() => this.host.requestUpdate());
  }

  hostDisconnected() {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
