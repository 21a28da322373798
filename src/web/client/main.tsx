/** Entry point of the browser bundle (built by src/web/build.ts). */
import { render } from 'preact';
import { App } from './app.tsx';

render(<App />, document.getElementById('app')!);
