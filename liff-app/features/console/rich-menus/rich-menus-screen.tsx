import "./rich-menus.css";
import type { ConsoleRichMenusResponse } from "../../../../shared/api.ts";
import { PhraseText } from "../../../components/phrase-text.tsx";
import { CommandText } from "./command-text.tsx";
import { QueryErrorPanel } from "../../../components/query-error-panel.tsx";
import { addMessages, useI18n } from "../../../lib/i18n.tsx";
import { consoleDashboardMessages } from "../../../lib/messages-console-dashboard.ts";
import { ApplyControl } from "./apply-control.tsx";
import { useConsoleRichMenus, useRichMenuImage } from "./rich-menus-queries.ts";

addMessages(consoleDashboardMessages);

type Menu = ConsoleRichMenusResponse["menus"][number];

/** /console/rich-menus: the configured menus, their images and taps, the plan, and apply. */
export function RichMenusScreen() {
  const { t, format } = useI18n();
  const menus = useConsoleRichMenus();
  return (
    <section className="console-panel" aria-labelledby="console-rich-menus-title" data-testid="console-rich-menus">
      <h2 id="console-rich-menus-title" className="console-panel__title">
        {t("consoleRichMenus.title")}
      </h2>
      <p className="console-panel__description">
        <PhraseText>{t("consoleRichMenus.description")}</PhraseText>
      </p>
      {menus.isPending ? (
        <div className="rich-menus__skeleton" data-testid="rich-menus-skeleton">
          <p role="status" className="visually-hidden">
            {t("consoleRichMenus.loading")}
          </p>
          <div className="skeleton rich-menus__image-skeleton" aria-hidden="true" />
          <span className="skeleton skeleton--text" aria-hidden="true" />
        </div>
      ) : menus.isError ? (
        <QueryErrorPanel error={menus.error} onRetry={() => void menus.refetch()} />
      ) : (
        <>
          <p className="console-panel__status" data-testid="rich-menus-exported">
            {t("consoleRichMenus.exportedAt", { time: format.dateTime(menus.data.exportedAt) })}
          </p>
          <p className="rich-menus__note">
            <CommandText>{t("consoleRichMenus.exportNote")}</CommandText>
          </p>
          {menus.data.stale ? (
            <div className="notice" role="alert" data-testid="rich-menus-stale">
              <p>
                <CommandText>{t(`consoleRichMenus.stale.${menus.data.stale}`)}</CommandText>
              </p>
            </div>
          ) : null}
          <p className="rich-menus__note" data-testid="rich-menus-taps-note">
            <CommandText>
              {t(menus.data.tracked ? "consoleRichMenus.tapsNote.tracked" : "consoleRichMenus.tapsNote.untracked")}
            </CommandText>
          </p>
          <div className="rich-menus__list">
            {menus.data.menus.map((menu) => (
              <MenuCard key={menu.key} menu={menu} />
            ))}
          </div>
          <PlanSection data={menus.data} />
        </>
      )}
    </section>
  );
}

function MenuCard({ menu }: { menu: Menu }) {
  const { t, format } = useI18n();
  const image = useRichMenuImage(menu.key);
  const titleId = `rich-menu-${menu.key}`;
  return (
    <article className="rich-menu" aria-labelledby={titleId} data-testid={`rich-menu-${menu.key}`}>
      <h3 id={titleId} className="rich-menu__title">
        {menu.key}
        <span className="rich-menu__audience">{t(`consoleRichMenus.audience.${menu.audience}`)}</span>
      </h3>
      <div className="rich-menu__body">
        <div className="rich-menu__image">
          {image.data ? (
            <img
              src={image.data}
              width={menu.size.width}
              height={menu.size.height}
              alt={t("consoleRichMenus.imageAlt", { key: menu.key })}
            />
          ) : image.isError ? (
            <QueryErrorPanel error={image.error} onRetry={() => void image.refetch()} />
          ) : (
            <div className="skeleton rich-menus__image-skeleton" aria-hidden="true" />
          )}
        </div>
        <div className="rich-menu__facts">
          <p>{t("consoleRichMenus.chatBar", { text: menu.chatBarText })}</p>
          <p>{t("consoleRichMenus.layout", { layout: menu.layout })}</p>
          {menu.missingGlyphs.length > 0 ? (
            <p className="notice" role="note">
              {t("consoleRichMenus.missingGlyphs", { characters: menu.missingGlyphs.join(" ") })}
            </p>
          ) : null}
        </div>
      </div>
      {/* Focusable so a keyboard can scroll the table on a narrow screen. */}
      <div
        className="console-table__scroll"
        role="region"
        tabIndex={0}
        aria-label={`${menu.key}: ${t("consoleRichMenus.areas")}`}
      >
        <table className="console-table rich-menu__areas">
          <caption className="visually-hidden">{t("consoleRichMenus.areas")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("consoleRichMenus.area")}</th>
              <th scope="col">{t("consoleRichMenus.action")}</th>
              <th scope="col">{t("consoleRichMenus.target")}</th>
              <th scope="col" className="console-table__number">
                {t("consoleRichMenus.taps")}
              </th>
            </tr>
          </thead>
          <tbody>
            {menu.areas.map((area) => (
              <tr key={area.index}>
                <th scope="row">
                  {area.label}
                  {area.sublabel ? <span className="rich-menu__sublabel">{area.sublabel}</span> : null}
                </th>
                <td className="console-table__nowrap">{t(`consoleRichMenus.actions.${area.action}`)}</td>
                <td className="rich-menu__target">{area.target}</td>
                <td className="console-table__number" data-testid={`taps-${menu.key}-${area.index}`}>
                  {area.taps === null ? t("consoleRichMenus.tapsNotMeasured") : format.number(area.taps)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </article>
  );
}

function PlanSection({ data }: { data: ConsoleRichMenusResponse }) {
  const { t } = useI18n();
  const { plan } = data;
  return (
    <section className="rich-menus__plan" aria-labelledby="rich-menus-plan-title" data-testid="rich-menus-plan">
      <h3 id="rich-menus-plan-title" className="rich-menu__title">
        {t("consoleRichMenus.plan.title")}
      </h3>
      <p className="rich-menus__note">
        <CommandText>{t("consoleRichMenus.plan.description")}</CommandText>
      </p>
      {plan === null ? (
        <p className="console-panel__status">{t("consoleRichMenus.plan.unavailable")}</p>
      ) : (
        <>
          <p className="console-panel__status" data-testid="rich-menus-changes">
            {plan.changes === 0
              ? t("consoleRichMenus.plan.nothing")
              : t("consoleRichMenus.plan.changes", { count: plan.changes })}
          </p>
          <ul className="rich-menus__actions">
            {plan.actions.map((action, index) => (
              <li key={index} className={`rich-menus__action rich-menus__action--${action.kind}`}>
                <code>{action.description}</code>
              </li>
            ))}
          </ul>
          {plan.refusals.length > 0 ? (
            <div className="notice" role="alert">
              <p>{t("consoleRichMenus.plan.refused")}</p>
              <ul>
                {plan.refusals.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            </div>
          ) : null}
        </>
      )}
      <ApplyControl changes={plan?.changes ?? 0} disabled={data.stale !== null} />
    </section>
  );
}
