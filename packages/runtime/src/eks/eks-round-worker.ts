import { parentPort } from 'node:worker_threads';
import { type EksLink, type EksRoundSide, runEksRound } from '@qcos/eks-qkd-sim';

/** One round as the pool posts it to a worker thread. */
export interface EksRoundRequest {
  readonly seed: Uint8Array;
  readonly link: EksLink;
  readonly side: EksRoundSide;
}

// A worker thread of the EKS round pool: runs each posted round (runEksRound, pure and
// deterministic) off the service's event loop and posts back its outcome, the key's buffer
// transferred rather than copied.
parentPort?.on('message', (request: EksRoundRequest) => {
  const outcome = runEksRound(request.seed, request.link, request.side);
  parentPort?.postMessage(outcome, outcome.ok ? [outcome.key.buffer as ArrayBuffer] : []);
});
