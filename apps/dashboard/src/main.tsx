import { render } from 'preact';

render(<main>QCOS network</main>, document.getElementById('app') as HTMLElement);
