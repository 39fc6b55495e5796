/** How one host's terminal connection is doing. */
export type HostStatus =
  | { readonly kind: "connecting" }
  | { readonly kind: "provisioning"; readonly detail: string | undefined }
  | { readonly kind: "connected"; readonly reconnected: boolean; readonly shellRestarted: boolean }
  | { readonly kind: "reconnecting"; readonly attempt: number }
  | { readonly kind: "engine-restarting" }
  | { readonly kind: "replaced" };

/** Everything the panel's status line can show. The `state` is also the panel's `data-lab-state`. */
export type LabStatus =
  | { readonly state: "idle"; readonly note?: string }
  | { readonly state: "starting" }
  | { readonly state: "ending" }
  | { readonly state: "ended" }
  | { readonly state: "connecting"; readonly host: string }
  | { readonly state: "provisioning"; readonly host: string; readonly detail: string | undefined }
  | {
      readonly state: "connected";
      readonly host: string;
      readonly reconnected: boolean;
      readonly shellRestarted: boolean;
    }
  | { readonly state: "reconnecting"; readonly host: string; readonly attempt: number }
  | { readonly state: "engine-restarting"; readonly host: string }
  | { readonly state: "replaced"; readonly host: string };

/** The panel's state names, as used in `data-lab-state`. */
export type LabState = LabStatus["state"];

/** Combines a host's connection status with the host's name. */
export function hostLabStatus(host: string, status: HostStatus): LabStatus {
  switch (status.kind) {
    case "connecting":
      return { state: "connecting", host };
    case "provisioning":
      return { state: "provisioning", host, detail: status.detail };
    case "connected":
      return { state: "connected", host, reconnected: status.reconnected, shellRestarted: status.shellRestarted };
    case "reconnecting":
      return { state: "reconnecting", host, attempt: status.attempt };
    case "engine-restarting":
      return { state: "engine-restarting", host };
    case "replaced":
      return { state: "replaced", host };
  }
}

/** The sentence shown in the status line for `status`. */
export function statusText(status: LabStatus): string {
  switch (status.state) {
    case "idle":
      return status.note ?? "Your sandbox is not running. Start the lab to get a terminal.";
    case "starting":
      return "Starting your sandbox…";
    case "ending":
      return "Ending your lab…";
    case "ended":
      return "Session ended. Your sandbox has been removed; start a new lab to get a fresh one.";
    case "connecting":
      return `Connecting to ${status.host}…`;
    case "provisioning":
      return status.detail ? `Starting your sandbox… ${status.detail}` : "Starting your sandbox…";
    case "connected":
      if (status.shellRestarted)
        return `A fresh shell started on ${status.host} (the previous one ended). Your containers and networks are still there.`;
      if (status.reconnected) return `Reconnected to your sandbox (${status.host}).`;
      return `Connected to ${status.host}.`;
    case "reconnecting":
      return `Connection lost. Reconnecting… (attempt ${status.attempt})`;
    case "engine-restarting":
      return "The machine's Docker Engine is restarting. Your sandbox is kept; your shell comes back as soon as the engine is up.";
    case "replaced":
      return `This terminal is now open in another tab or window.`;
  }
}
