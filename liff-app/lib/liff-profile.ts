import { queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { MeResponse } from "../../shared/api.ts";
import { useApiClient } from "./api-client-context.tsx";
import type { LiffSession, ProfilePermissionState, ProfileRequestOutcome } from "./liff-session.ts";
import { useLiffSession } from "./liff-session-context.tsx";
import { meQueryOptions } from "./me.ts";
import { identityQueryKey, useMemberScope, type MemberScope } from "./member-scope.ts";

// The LINE profile (name and picture), asked for only where it adds something: the home avatar
// and the registration form's name. Under consent simplification the ID token has neither until
// the user allows the profile on LINE's permission screen.

/** Whether this LINE user has allowed the profile; LIFF knows it, so it is asked once per boot. */
export function profilePermissionQueryOptions(session: LiffSession, scope: MemberScope) {
  return queryOptions({
    queryKey: [...identityQueryKey(scope), "liff-permission", "profile"],
    queryFn: (): Promise<ProfilePermissionState> => session.profilePermission.query(),
    staleTime: Infinity,
    retry: false,
  });
}

export interface ProfilePermissionControl {
  /** null while LIFF is asked (or when not asked at all). */
  state: ProfilePermissionState | null;
  /**
   * Shows LINE's permission screen; once allowed, /api/me is read again with the new ID token
   * and its profile returned. null when the user declined or LIFF could not ask.
   */
  request: () => Promise<MeResponse["profile"] | null>;
  requesting: boolean;
  /** How the last request ended. */
  outcome: ProfileRequestOutcome | null;
}

/** The profile permission; `enabled: false` does not ask LIFF (the profile is already there). */
export function useProfilePermission({ enabled }: { enabled: boolean }): ProfilePermissionControl {
  const session = useLiffSession();
  const scope = useMemberScope();
  const api = useApiClient();
  const queryClient = useQueryClient();
  const options = profilePermissionQueryOptions(session, scope);
  const permission = useQuery({ ...options, enabled });
  const [requesting, setRequesting] = useState(false);
  const [outcome, setOutcome] = useState<ProfileRequestOutcome | null>(null);

  const request = async () => {
    setRequesting(true);
    try {
      const result = await session.profilePermission.request();
      setOutcome(result);
      if (result !== "granted") return null;
      queryClient.setQueryData(options.queryKey, "granted");
      const me = await queryClient.fetchQuery({ ...meQueryOptions(api, scope), staleTime: 0 });
      return me.profile;
    } finally {
      setRequesting(false);
    }
  };

  return { state: enabled ? (permission.data ?? null) : null, request, requesting, outcome };
}
