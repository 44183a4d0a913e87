/**
 * Command-line flags of the headless Chromium that plays the call page in
 * tests (test/e2e/helpers/browser.ts) and in server/web/tools/call-with-bot.ts:
 * fake devices, no permission prompts, no background traffic.
 * @module
 */

/**
 * getDisplayMedia needs both fake flags in headless Chromium 156: the fake UI
 * accepts the picker, the fake device supplies a 1280x720 "screen:-3:0" (fake
 * UI alone: NotReadableError; fake device alone: the picker waits).
 * --auto-select-desktop-capture-source adds nothing.
 */
const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

/** The flags, with the fake microphone playing `wav` (looped) when given; without it Chromium's fake mic beeps. */
export function chromiumArgs(microphoneWav?: string): string[] {
  return microphoneWav ? [...CHROMIUM_ARGS, `--use-file-for-fake-audio-capture=${microphoneWav}`] : [...CHROMIUM_ARGS];
}
