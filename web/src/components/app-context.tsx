import { createContext, useContext } from 'react';
import type { Api } from '../api/client';
import type { Caller } from '../api/types';

export interface AppContextValue {
  api: Api;
  caller: Caller;
  token: () => string | undefined;
  /** Ends the session with a message on the log-in screen (a 401 from the stream, …). */
  endSession: (message: string) => void;
}

export const AppContext = createContext<AppContextValue | undefined>(undefined);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside the signed-in app');
  return value;
}
