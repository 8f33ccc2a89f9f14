/** What only the platform admin does: hosts and payouts (one chunk, fetched when shown). */
import { HostsAdmin } from "./hosts";
import { PayoutsAdmin } from "./payouts";

export function Platform() {
  return (
    <>
      <HostsAdmin />
      <PayoutsAdmin />
    </>
  );
}
