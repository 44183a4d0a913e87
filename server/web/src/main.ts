/**
 * The call page at a meeting URL: pre-join (name, preview, devices), then the
 * call; or the page saying why not. The DOM it builds follows the page contract (server/README.md, "Call page").
 */
import './styles.css';
import { Call } from './call';
import { showEndPage } from './error-page';
import { LocalMedia } from './local-media';
import { setPageState } from './page-state';
import { showPrejoin } from './prejoin';
import { readPageAddress } from './room-url';

async function start(): Promise<void> {
  const root = document.getElementById('app')!;
  const address = readPageAddress();
  if (!address.roomName || address.roomStatus === 'not-found') {
    showEndPage(root, 'room-not-found');
    return;
  }
  setPageState('prejoin');
  document.title = `Join ${address.roomName}`;
  const media = new LocalMedia();
  const name = await showPrejoin(root, media, address.roomName, address.name);
  await new Call(root, media, address.roomName, address.token, name).join();
}

void start();
