// Worker entry of the campaign: registers the TypeScript loader, then serves tasks.
import { register } from 'tsx/esm/api';

register();
await import('./campaign.ts');
