import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { PLACE_KINDS } from '../../shared/places.js';
import { orgApi } from '../modules/org/api.js';
import { isApiError } from './api.js';
import { useAuth } from './auth.js';
import type { PlaceLite } from './components/PlaceTreeSelect.js';

// The place chosen in the top bar. Pages narrow what they show to it (as `placeId` or `parentId`);
// null means "everything in my scope". It survives reloads per user, never across users.
interface CurrentPlaceValue {
  place: PlaceLite | null;
  setPlace(place: PlaceLite | null): void;
}

const CurrentPlaceContext = createContext<CurrentPlaceValue>({ place: null, setPlace: () => {} });

export function useCurrentPlace(): CurrentPlaceValue {
  return useContext(CurrentPlaceContext);
}

const storageKey = (userId: string) => `anju.place.${userId}`;

function readStored(userId: string): PlaceLite | null {
  try {
    const raw = localStorage.getItem(storageKey(userId));
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<PlaceLite>;
    if (typeof value.id !== 'string' || typeof value.name !== 'string') return null;
    if (!PLACE_KINDS.includes(value.kind as PlaceLite['kind'])) return null;
    return { id: value.id, name: value.name, kind: value.kind as PlaceLite['kind'] };
  } catch {
    return null;
  }
}

export function CurrentPlaceProvider({ children }: { children: ReactNode }) {
  const { user, can } = useAuth();
  const userId = user?.id ?? '';
  const [place, setPlaceState] = useState<PlaceLite | null>(() => (userId ? readStored(userId) : null));

  const setPlace = useCallback(
    (next: PlaceLite | null) => {
      setPlaceState(next);
      if (!userId) return;
      try {
        if (next) {
          localStorage.setItem(
            storageKey(userId),
            JSON.stringify({ id: next.id, name: next.name, kind: next.kind }),
          );
        } else {
          localStorage.removeItem(storageKey(userId));
        }
      } catch {
        // Private mode or a full quota: the choice then lasts until the tab closes, which is fine.
      }
    },
    [userId],
  );

  // A remembered place may have been deleted, moved out of scope or renamed since: check it once per
  // sign-in. Later choices come straight from the tree and are fresh.
  const canRead = can('org.place.read');
  const checked = useRef(false);
  useEffect(() => {
    if (checked.current || !place || !canRead) return;
    checked.current = true;
    orgApi.getPlace(place.id).then(
      (detail) => setPlace({ id: detail.id, name: detail.name, kind: detail.kind }),
      (error: unknown) => {
        if (isApiError(error) && (error.status === 404 || error.status === 403)) setPlace(null);
      },
    );
  }, [place, canRead, setPlace]);

  const value = useMemo(() => ({ place, setPlace }), [place, setPlace]);
  return <CurrentPlaceContext.Provider value={value}>{children}</CurrentPlaceContext.Provider>;
}
