/**
 * The page's state as tests and people see it: `body[data-state]` and the
 * read-only `window.__dailyPage` snapshot (see the DOM contract).
 */

/** Where the page is: before joining, joining, in the call, on an error page, or after leaving. */
export type PageState = 'prejoin' | 'joining' | 'in-call' | 'error' | 'left';

interface PageSnapshot {
  participantId: string | null;
  state: PageState;
}

declare global {
  interface Window {
    __dailyPage: Readonly<PageSnapshot>;
  }
}

let snapshot: PageSnapshot = { participantId: null, state: 'prejoin' };

function publish(): void {
  window.__dailyPage = Object.freeze({ ...snapshot });
  document.body.dataset.state = snapshot.state;
}

/** Moves the page to `state`. */
export function setPageState(state: PageState): void {
  snapshot = { ...snapshot, state };
  publish();
}

/** Records the local participant's id (null after leaving). */
export function setLocalParticipantId(participantId: string | null): void {
  snapshot = { ...snapshot, participantId };
  publish();
}

/** The current state. */
export function pageState(): PageState {
  return snapshot.state;
}

publish();
