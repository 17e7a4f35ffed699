import { useQuery, type UseQueryResult } from "@tanstack/react-query";
import type { LinkStatus } from "../../../shared/api.ts";
import { QueryErrorPanel } from "../../components/query-error-panel.tsx";
import { useApiClient } from "../../lib/api-client-context.tsx";
import { addMessages, useI18n } from "../../lib/i18n.tsx";
import { useMemberScope } from "../../lib/member-scope.ts";
import { homeMessages } from "../../lib/messages-home.ts";
import { ordersMessages } from "../../lib/messages-orders.ts";
import { ExpiringPoints } from "./expiring-points.tsx";
import { expiringPointsQueryOptions, latestOrderQueryOptions, nextReservationQueryOptions } from "./home-queries.ts";
import "./home.css";
import { LatestOrder } from "./latest-order.tsx";
import { NextReservation } from "./next-reservation.tsx";
import { RankBenefits } from "./rank-benefits.tsx";
import { RankProgressBlock } from "./rank-progress.tsx";

// Order status words are the orders screens' own, so home and /orders say the same thing.
addMessages(homeMessages);
addMessages(ordersMessages);

type LinkedMember = Extract<LinkStatus, { status: "linked" }>["member"];

/**
 * What matters now for a linked member: what their rank gives and progress to the next, the next reservation, the
 * latest order and points about to expire. Each block loads on its own with its own skeleton;
 * one that fails leaves the others in place, and the screen shows one error box whose retry
 * asks again for every block that failed.
 */
export function HomeNow({ member }: { member: LinkedMember }) {
  const { t } = useI18n();
  const api = useApiClient();
  const scope = useMemberScope();
  const nextReservation = useQuery(nextReservationQueryOptions(api, scope));
  const latestOrder = useQuery(latestOrderQueryOptions(api, scope));
  const expiringPoints = useQuery(expiringPointsQueryOptions(api, scope));

  const queries = [nextReservation, latestOrder, expiringPoints];
  const failed = queries.filter(failedWithoutData);
  const loading = queries.some((query) => query.isPending);

  return (
    <div className="home-now" data-testid="home-now">
      <p className="visually-hidden" role="status">
        {loading ? t("homeNow.loading") : ""}
      </p>
      {failed[0] ? (
        <QueryErrorPanel
          error={failed[0].error}
          onRetry={() => {
            for (const query of failed) void query.refetch();
          }}
        />
      ) : null}
      <RankBenefits rank={member.rank} />
      {member.rankProgress ? <RankProgressBlock progress={member.rankProgress} /> : null}
      <NextReservation query={nextReservation} />
      <LatestOrder query={latestOrder} />
      <ExpiringPoints query={expiringPoints} />
    </div>
  );
}

/** Failed with nothing to show: a failed refetch keeps showing the answer it had. */
function failedWithoutData(query: UseQueryResult<unknown>): boolean {
  return query.isError && query.data === undefined;
}
