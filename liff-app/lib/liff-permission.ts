import { liff } from "./liff.ts";
import type { ProfilePermission, ProfilePermissionState, ProfileRequestOutcome } from "./liff-session.ts";

// liff.permission, for the profile. The module is loaded on first use, not with the first
// screen: only the screens that offer the profile (the home avatar, the registration name) ask.

/** The part of liff.permission the app uses, as LIFF documents it. */
export interface LiffPermissionApi {
  query(permission: "profile"): Promise<{ state: ProfilePermissionState }>;
  requestAll(): Promise<void>;
}

let installed: Promise<LiffPermissionApi> | null = null;

/** The SDK's permission module, installed into the LIFF core once. */
export function loadLiffPermission(): Promise<LiffPermissionApi> {
  installed ??= import("@line/liff/permission").then(({ default: PermissionModule }) => {
    liff.use(new PermissionModule());
    return liff.permission;
  });
  return installed;
}

/**
 * The profile permission over a liff.permission. LIFF answers a refusal with a LiffError:
 * UNAUTHORIZED when the user closed the permission screen, FORBIDDEN when it cannot be shown
 * (not a LINE MINI App with consent simplification, or everything is granted already).
 * https://developers.line.biz/en/reference/liff/#permission-request-all
 */
export function profilePermissionOver(load: () => Promise<LiffPermissionApi>): ProfilePermission {
  const query = async (): Promise<ProfilePermissionState> => {
    try {
      return (await (await load()).query("profile")).state;
    } catch (error) {
      console.warn("liff.permission.query failed", liffErrorCode(error));
      return "unavailable";
    }
  };
  return {
    query,
    async request(): Promise<ProfileRequestOutcome> {
      try {
        await (await load()).requestAll();
        return "granted";
      } catch (error) {
        const code = liffErrorCode(error);
        if (code === "UNAUTHORIZED") return "declined";
        // "All permissions have already been approved" is a FORBIDDEN too: ask what holds now.
        return (await query()) === "granted" ? "granted" : "unavailable";
      }
    },
  };
}

function liffErrorCode(error: unknown): string {
  return typeof error === "object" && error !== null && "code" in error ? String(error.code) : "unknown";
}
