/** What only the platform admin does: hosts, payouts and matching rounds (one chunk, fetched when shown). */
import { RoundsAdmin } from "./exchange-rounds";
import { HostsAdmin } from "./hosts";
import { PayoutsAdmin } from "./payouts";

export function Platform() {
  return (
    <>
      <HostsAdmin />
      <PayoutsAdmin />
      <RoundsAdmin />
    </>
  );
}
