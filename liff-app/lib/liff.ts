import liff from "@line/liff/core";
import GetAppLanguage from "@line/liff/get-app-language";
import GetIDToken from "@line/liff/get-id-token";
import IsInClient from "@line/liff/is-in-client";
import IsLoggedIn from "@line/liff/is-logged-in";
import Login from "@line/liff/login";
import Logout from "@line/liff/logout";

// The one place the LINE SDK is set up. The pluggable core carries only the APIs the app uses,
// about a third less JavaScript than the full SDK. IsInClient comes first: the dev-only mock
// plugin calls liff.isInClient() while it installs.
liff.use(new IsInClient());
liff.use(new IsLoggedIn());
liff.use(new Login());
liff.use(new Logout());
liff.use(new GetIDToken());
liff.use(new GetAppLanguage());

export { liff };
