import liff from "@line/liff/core";
import GetAccessToken from "@line/liff/get-access-token";
import GetAppLanguage from "@line/liff/get-app-language";
import GetFriendship from "@line/liff/get-friendship";
import GetIDToken from "@line/liff/get-id-token";
import IsApiAvailable from "@line/liff/is-api-available";
import IsInClient from "@line/liff/is-in-client";
import IsLoggedIn from "@line/liff/is-logged-in";
import Login from "@line/liff/login";
import Logout from "@line/liff/logout";
import RequestFriendship from "@line/liff/request-friendship";
import ScanCodeV2 from "@line/liff/scan-code-v2";

// The one place the LINE SDK is set up. The pluggable core carries only the APIs the app uses,
// about a third less JavaScript than the full SDK. IsInClient comes first: the dev-only mock
// plugin calls liff.isInClient() while it installs. The two friendship modules together add
// about 2 KB gzip to the first screen; ScanCodeV2 adds 0.2 KB (it drives the sub-window the
// core already carries), too little to be worth a liff.use() after init in the staff chunk,
// which would also replace the mock's scanCodeV2 in dev. GetAccessToken adds 23 bytes gzip:
// the core already carries the access token store and only lacks the public getter.
liff.use(new IsInClient());
liff.use(new IsLoggedIn());
liff.use(new Login());
liff.use(new Logout());
liff.use(new GetIDToken());
liff.use(new GetAccessToken());
liff.use(new GetAppLanguage());
liff.use(new GetFriendship());
liff.use(new RequestFriendship());
liff.use(new IsApiAvailable());
liff.use(new ScanCodeV2());

export { liff };

/**
 * Whether the user is a friend of the official account, or null when LIFF can't tell: the
 * call needs the `profile` scope, which LINE MINI Apps may not have granted.
 */
export async function readFriendship(): Promise<boolean | null> {
  try {
    const { friendFlag } = await liff.getFriendship();
    return friendFlag;
  } catch (error) {
    console.warn("liff.getFriendship failed", error);
    return null;
  }
}

/** LINE's add-friend dialog where this LINE app has it; null elsewhere (external browsers, old versions). */
export function friendshipRequester(): (() => Promise<void>) | null {
  try {
    return liff.isApiAvailable("requestFriendship") ? () => liff.requestFriendship() : null;
  } catch {
    return null;
  }
}

/**
 * LINE's QR code reader (liff.scanCodeV2) where this LINE app has it: it needs a full-size
 * LIFF view, "Scan QR" on in the console and iOS 14.3+, so external browsers and old versions
 * get null. The reader resolves the code's text, or null when the user closes it; call it
 * from a tap.
 */
export function qrScanner(): (() => Promise<string | null>) | null {
  try {
    if (!liff.isApiAvailable("scanCodeV2")) return null;
  } catch {
    return null;
  }
  return async () => (await liff.scanCodeV2()).value;
}
