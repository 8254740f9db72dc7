// Entry of the preview's own process under the local stack (started by preview.ts): the
// settings come from the supervisor as JSON.
import { startPreview } from '../../apps/xray-preview/src/index.js';
import type { PreviewSettings } from '../../apps/xray-preview/src/index.js';
import { runComponent } from './component-host.js';
import type { PreviewPorts } from './preview.js';

runComponent<Partial<PreviewSettings>, PreviewPorts>('xray-preview', async (settings) => {
  const preview = await startPreview(settings);
  return {
    ready: {
      host: settings.host ?? '127.0.0.1',
      grpcPort: preview.grpcPort,
      httpPort: preview.httpPort,
      apiPort: preview.apiPort,
    },
    close: () => preview.close(),
  };
});
