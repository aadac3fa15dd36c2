import { parentPort } from 'node:worker_threads';
import { type JobRequest, type NodeExecutionContext, runJob } from './job-runner.js';

/** One job as the pool posts it to a worker thread. */
export interface WorkerJob {
  readonly job: JobRequest;
  readonly node: NodeExecutionContext;
}

// A worker thread of the agent's job pool: runs each posted job on the QEM, off the agent's
// event loop, and posts back its outcome (runJob never throws).
parentPort?.on('message', (message: WorkerJob) => {
  parentPort?.postMessage(runJob(message.job, message.node));
});
