/**
 * The pre-join page: name, camera preview, device pickers, Join. Resolves
 * with the name once the person presses Join (or Enter in the name field).
 */
import { el } from './dom';
import { LocalMedia } from './local-media';

export function showPrejoin(
  root: HTMLElement,
  media: LocalMedia,
  roomName: string,
  initialName: string,
): Promise<string> {
  const nameInput = el('input', {
    id: 'name-input',
    type: 'text',
    autocomplete: 'name',
    maxlength: 256,
    placeholder: 'e.g. Ada',
  });
  nameInput.value = initialName;
  const preview = el('video', {
    id: 'preview',
    autoplay: true,
    playsinline: true,
    'aria-label': 'Your camera preview',
  });
  preview.muted = true;
  const cameraSelect = el('select', { id: 'camera-select' });
  const micSelect = el('select', { id: 'mic-select' });
  const problem = el('p', { class: 'muted', role: 'status', hidden: true });
  const joinButton = el('button', { id: 'join-button', type: 'submit', class: 'primary' }, 'Join');
  const micToggle = el('button', { id: 'prejoin-mic', type: 'button', 'aria-pressed': 'true' });
  const cameraToggle = el('button', { id: 'prejoin-camera', type: 'button', 'aria-pressed': 'true' });
  const form = el(
    'form',
    { class: 'prejoin', 'aria-label': 'Join the call' },
    el('h1', {}, 'Join ', el('span', { class: 'room-name' }, roomName)),
    el('div', { class: 'preview-box' }, preview),
    el('div', { class: 'prejoin-toggles' }, micToggle, cameraToggle),
    problem,
    el('label', { for: 'name-input' }, 'Your name'),
    nameInput,
    el('label', { for: 'camera-select' }, 'Camera'),
    cameraSelect,
    el('label', { for: 'mic-select' }, 'Microphone'),
    micSelect,
    joinButton,
  );
  root.replaceChildren(form);

  const showPreview = (): void => {
    preview.srcObject = media.camera && media.cameraOn ? new MediaStream([media.camera]) : null;
    micToggle.setAttribute('aria-pressed', String(media.micOn));
    micToggle.textContent = media.micOn ? 'Microphone on' : 'Microphone off';
    cameraToggle.setAttribute('aria-pressed', String(media.cameraOn));
    cameraToggle.textContent = media.cameraOn ? 'Camera on' : 'Camera off';
    problem.textContent = media.problem ?? '';
    problem.hidden = !media.problem;
  };
  const reopen = async (): Promise<void> => {
    await media.open({ cameraId: cameraSelect.value || undefined, microphoneId: micSelect.value || undefined });
    showPreview();
  };
  micToggle.addEventListener('click', () => {
    media.setMicOn(!media.micOn);
    showPreview();
  });
  cameraToggle.addEventListener('click', () => {
    media.setCameraOn(!media.cameraOn);
    showPreview();
  });
  showPreview();
  cameraSelect.addEventListener('change', () => void reopen());
  micSelect.addEventListener('change', () => void reopen());
  void media.open().then(async () => {
    showPreview();
    await fillSelect(cameraSelect, 'videoinput', media.camera);
    await fillSelect(micSelect, 'audioinput', media.microphone);
  });
  nameInput.focus();

  return new Promise((resolve) => {
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      joinButton.disabled = true;
      resolve(nameInput.value.trim());
    });
  });
}

async function fillSelect(
  select: HTMLSelectElement,
  kind: 'audioinput' | 'videoinput',
  current: MediaStreamTrack | undefined,
): Promise<void> {
  const devices = await LocalMedia.devices(kind);
  const currentId = current?.getSettings().deviceId;
  select.replaceChildren(
    ...devices.map((d, i) => {
      const option = el(
        'option',
        { value: d.deviceId },
        d.label || `${kind === 'videoinput' ? 'Camera' : 'Microphone'} ${i + 1}`,
      );
      option.selected = d.deviceId === currentId;
      return option;
    }),
  );
  if (devices.length === 0) select.append(el('option', { value: '' }, 'None found'));
}
