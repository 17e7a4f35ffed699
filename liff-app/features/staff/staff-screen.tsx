import "./staff.css";
import { useRef, useState } from "react";
import { Link } from "react-router";
import { HomeLink } from "../../components/home-link.tsx";
import { PhraseText } from "../../components/phrase-text.tsx";
import { QueryErrorPanel } from "../../components/query-error-panel.tsx";
import { RouteLoading } from "../../components/route-loading.tsx";
import { addMessages, useI18n } from "../../lib/i18n.tsx";
import { staffMessages } from "../../lib/messages-staff.ts";
import { MemberDesk } from "./member-desk.tsx";
import { useCardReader } from "./card-reader.ts";
import { ScanDesk } from "./scan-desk.tsx";
import type { CardScan } from "./scan-member-card.ts";
import { isForbidden, useStaffMe, type StaffMember } from "./staff-me.ts";
import { useStoreChoice } from "./store-choice.ts";
import { StorePicker } from "./store-picker.tsx";
import { useRefreshTodaysActions, useVoidAction } from "./todays-actions.ts";
import { TodaysActionsList } from "./todays-actions-list.tsx";

addMessages(staffMessages);

/**
 * /staff: read a customer's member card, then check them in or award or redeem points, void a
 * mistake, and see what was done today. Only staff get past GET /api/staff/me; everyone else
 * sees a page that says nothing of what is here.
 */
export function StaffScreen() {
  const staff = useStaffMe();
  if (staff.isPending) return <RouteLoading />;
  if (staff.isError) {
    return isForbidden(staff.error) ? <Unavailable /> : <LoadFailed error={staff.error} onRetry={() => void staff.refetch()} />;
  }
  return <StaffDesk staff={staff.data} />;
}

function StaffDesk({ staff }: { staff: StaffMember }) {
  const { t } = useI18n();
  const { store, choose } = useStoreChoice(staff.stores);
  const [scan, setScan] = useState<CardScan | null>(null);
  // After "next customer" the scan button takes the focus; not on the first visit.
  const [returning, setReturning] = useState(false);
  // 「もう一度スキャン」 with no LINE scanner: the camera opens on the scan desk.
  const [cameraOnShow, setCameraOnShow] = useState(false);
  const picker = useRef<HTMLFieldSetElement>(null);
  const reader = useCardReader(setScan);
  const refreshToday = useRefreshTodaysActions();
  const voider = useVoidAction();

  const backToScanning = (withCamera: boolean) => {
    reader.reset();
    setScan(null);
    setReturning(!withCamera);
    setCameraOnShow(withCamera);
  };

  return (
    <section className="screen staff-screen" aria-labelledby="staff-title" data-testid="staff-screen">
      <HomeLink />
      <div className="staff-heading">
        <h1 id="staff-title" className="screen__title">
          <PhraseText>{t("staff.title")}</PhraseText>
        </h1>
        <p className="staff-heading__name" data-testid="staff-name">
          <PhraseText>{t("staff.signedInAs", { name: staff.name })}</PhraseText>
        </p>
      </div>
      <StorePicker ref={picker} stores={staff.stores} store={store} onChoose={choose} />
      {scan ? (
        <MemberDesk
          key={scan.scanId}
          scan={scan}
          store={store}
          stores={staff.stores}
          voider={voider}
          onStoreMissing={() => picker.current?.querySelector("input")?.focus()}
          onActed={refreshToday}
          onNext={() => backToScanning(false)}
          onScanAgain={() => {
            if (reader.hasLineScanner) {
              // In the tap itself: LINE's scanner starts only from a user gesture.
              void reader.scanWithLine();
              backToScanning(false);
            } else {
              backToScanning(true);
            }
          }}
        />
      ) : (
        <ScanDesk key={cameraOnShow ? "camera" : "scan"} reader={reader} focusOnShow={returning} cameraOnShow={cameraOnShow} />
      )}
      <TodaysActionsList store={store} voider={voider} />
    </section>
  );
}

/** Everyone who is not staff: no title or words that tell what this page is for. */
function Unavailable() {
  const { t } = useI18n();
  return (
    <section className="screen" aria-labelledby="unavailable-title" data-testid="page-unavailable">
      <h1 id="unavailable-title" className="screen__title">
        <PhraseText>{t("staff.unavailable.title")}</PhraseText>
      </h1>
      <Link to="/" className="button button--primary">
        {t("staff.unavailable.home")}
      </Link>
    </section>
  );
}

function LoadFailed({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <section className="screen" aria-labelledby="load-failed-title">
      <HomeLink />
      <h1 id="load-failed-title" className="screen__title">
        <PhraseText>{t("staff.loadFailed")}</PhraseText>
      </h1>
      <QueryErrorPanel error={error} onRetry={onRetry} />
    </section>
  );
}
