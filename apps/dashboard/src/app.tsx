import type { NetworkEventName, NetworkEvents } from '@qcos/qan-api';
import { useEffect, useState } from 'preact/hooks';
import { applyEvent, EMPTY_STATE, EVENT_NAMES, type NetworkState } from './network-state.js';
import { Cluster } from './panels/cluster.js';
import { Contracts } from './panels/contracts.js';
import { Jobs } from './panels/jobs.js';
import { NetworkMap } from './panels/network-map.js';
import { Qkd } from './panels/qkd.js';
import { Timeline } from './panels/timeline.js';
import { currentSession, EVENTS_URL, type Session, signIn, signOut } from './session.js';
import { SignIn } from './sign-in.js';

type Link = 'connecting' | 'live' | 'reconnecting';

/** Follows the QAN's event stream; EventSource reconnects by itself after a dropped connection. */
function useNetwork(session: Session | undefined, onSignedOut: () => void) {
  const [state, setState] = useState<NetworkState>(EMPTY_STATE);
  const [link, setLink] = useState<Link>('connecting');
  useEffect(() => {
    if (session === undefined) return;
    const source = new EventSource(EVENTS_URL);
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (e) => {
        const data = JSON.parse(
          (e as MessageEvent<string>).data,
        ) as NetworkEvents[NetworkEventName];
        setState((s) => applyEvent(s, name, data));
      });
    }
    source.onopen = () => setLink('live');
    source.onerror = () => {
      // A closed source was refused (the session ended): sign in again.
      if (source.readyState === EventSource.CLOSED) onSignedOut();
      else setLink('reconnecting');
    };
    return () => source.close();
  }, [session, onSignedOut]);
  return { state, link };
}

/** A clock that ticks each second, so ages ("3 s ago") move without new events. */
function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function Dashboard({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const { state, link } = useNetwork(session, onSignOut);
  const now = useNow();
  const operator = session.roles.includes('operator');
  return (
    <>
      <header class="top">
        <h1>QCOS network {state.hello === undefined ? '' : `· ${state.hello.networkId}`}</h1>
        <span class={`link ${link}`} data-testid="stream-state">
          {link}
        </span>
        <span class="who" data-testid="signed-in-as">
          {session.name} ({session.roles.join(', ')})
        </span>
        <button type="button" onClick={() => void signOut(session).then(onSignOut)}>
          Sign out
        </button>
      </header>
      <main class="grid">
        <NetworkMap nodes={state.nodes} nowMs={now} />
        <Cluster qans={state.cluster} height={state.height} />
        <Qkd links={state.qkd} />
        <Timeline events={state.timeline} />
        {operator ? <Jobs jobs={state.jobs} /> : null}
        {operator ? <Contracts contracts={state.contracts} /> : null}
      </main>
    </>
  );
}

export function App() {
  const [session, setSession] = useState<Session | undefined | null>(null);
  useEffect(() => {
    currentSession().then(setSession, () => setSession(undefined));
  }, []);
  if (session === null) return <p class="muted">loading…</p>;
  if (session === undefined) return <SignIn onSignIn={(token) => signIn(token).then(setSession)} />;
  return <Dashboard session={session} onSignOut={() => setSession(undefined)} />;
}
