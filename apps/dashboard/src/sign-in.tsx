import { useState } from 'preact/hooks';
import { ApiRefusal } from './session.js';

/** The sign-in form: an API token of the QAN's credentials, exchanged once for a session. */
export function SignIn({ onSignIn }: { onSignIn: (token: string) => Promise<void> }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    try {
      await onSignIn(token.trim());
    } catch (failure) {
      setError(
        failure instanceof ApiRefusal ? `${failure.code}: ${failure.message}` : String(failure),
      );
    }
  };
  return (
    <form class="sign-in" onSubmit={submit} data-testid="sign-in">
      <h1>QCOS network</h1>
      <label>
        API token
        <input
          type="password"
          name="token"
          autocomplete="off"
          value={token}
          onInput={(e) => setToken((e.target as HTMLInputElement).value)}
        />
      </label>
      <button type="submit">Sign in</button>
      {error === undefined ? null : (
        <p class="error" data-testid="sign-in-error">
          {error}
        </p>
      )}
      <p class="muted">
        A reader token shows the network; an operator token also shows jobs and contracts. The
        devnet writes its tokens to its credentials context.
      </p>
    </form>
  );
}
