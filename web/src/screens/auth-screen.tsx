import { useState, type FormEvent } from 'react';
import { ApiError, type Api } from '../api/client';
import { Notice } from '../components/notice';
import { Screen } from '../components/screen';
import { deadlineIn, useCountdown } from '../hooks';

interface Props {
  mode: 'login' | 'signup';
  api: Api;
  /** A message carried here, e.g. why the last session ended. */
  message?: string;
  signedIn: (token: string, expiresInSeconds: number) => void;
}

/**
 * Log-in (POST /auth/token) and sign-up (POST /auth/signup, customers). The server is the judge of
 * a username or password (noValidate: its 400 says what is wrong); its messages are shown as they are.
 */
export function AuthScreen({ mode, api, message, signedIn }: Props) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [blockedUntil, setBlockedUntil] = useState<number>();
  const wait = useCountdown(blockedUntil);
  const signup = mode === 'signup';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || wait > 0) return;
    setBusy(true);
    setError(undefined);
    try {
      const answer = signup ? await api.signUp(username.trim(), password) : await api.logIn(username.trim(), password);
      signedIn(answer.access_token, answer.expires_in);
    } catch (caught) {
      setError(describe(caught, signup));
      if (caught instanceof ApiError && caught.status === 429 && caught.retryAfterSeconds !== undefined) {
        setBlockedUntil(deadlineIn(caught.retryAfterSeconds));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen title={signup ? 'Create an account' : 'Log in'}>
      {message && !error ? <Notice kind="info">{message}</Notice> : null}
      <Notice kind="error">{error}</Notice>
      <form className="card form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor="username">Username</label>
          <input
            id="username"
            name="username"
            autoComplete="username"
            required
            minLength={signup ? 3 : 1}
            maxLength={signup ? 32 : 200}
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            aria-describedby={signup ? 'username-hint' : undefined}
          />
          {signup ? (
            <p id="username-hint" className="hint">
              3 to 32 letters, digits or . _ - @, starting with a letter or digit.
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete={signup ? 'new-password' : 'current-password'}
            required
            minLength={signup ? 10 : 1}
            maxLength={128}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            aria-describedby={signup ? 'password-hint' : undefined}
          />
          {signup ? (
            <p id="password-hint" className="hint">
              At least 10 characters; not your username, not a common password.
            </p>
          ) : null}
        </div>
        <button type="submit" className="primary" disabled={busy || wait > 0}>
          {wait > 0
            ? `Try again in ${wait} s`
            : busy
              ? signup
                ? 'Creating…'
                : 'Logging in…'
              : signup
                ? 'Create account'
                : 'Log in'}
        </button>
      </form>
      <p className="switch">
        {signup ? (
          <>
            Already have an account? <a href="#/login">Log in</a>
          </>
        ) : (
          <>
            New here? <a href="#/signup">Create an account</a>
          </>
        )}
      </p>
    </Screen>
  );
}

function describe(caught: unknown, signup: boolean): string {
  if (!(caught instanceof ApiError)) return 'Something went wrong. Please try again.';
  switch (caught.status) {
    case 401:
      return 'Wrong username or password.';
    case 409:
      return caught.message || 'That username is already taken.';
    case 429:
      return `Too many attempts. ${caught.retryAfterSeconds !== undefined ? `Please wait ${caught.retryAfterSeconds} seconds and try again.` : 'Please wait a moment and try again.'}`;
    case 400:
      return signup ? `That account cannot be created: ${caught.message}` : caught.message;
    default:
      return caught.message;
  }
}
