import type { JobView } from '@qcos/qan-api';
import { decisionText, short } from '../format.js';

/** Jobs this QAN routed, newest first, with what routing decided and how each ended. */
export function Jobs({ jobs }: { jobs: readonly JobView[] }) {
  return (
    <section class="panel" data-testid="jobs">
      <h2>Jobs</h2>
      {jobs.length === 0 ? <p class="muted">no jobs yet</p> : null}
      <table>
        <thead>
          <tr>
            <th>job</th>
            <th>Q-URI</th>
            <th>routing</th>
            <th>status</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((j) => (
            <tr
              key={j.jobId}
              data-testid={`job-${j.jobId}`}
              data-outcome={j.decision.outcome}
              data-status={j.status}
            >
              <td title={j.jobId}>{short(j.jobId, 8)}</td>
              <td class="uri">{j.uri}</td>
              <td data-testid="job-decision">{decisionText(j.decision)}</td>
              <td>
                {j.status}
                {j.error === undefined ? '' : ` (${j.error.code})`}
                {j.result === undefined ? '' : ` on ${j.result.executedBy}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
