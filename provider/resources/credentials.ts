/**
 * Which credentials a call uses, and the error a person sees when they are missing. Messages name the config keys
 * and environment variables to set, never a value.
 */
import { AppCredentials, ConfiguredSettings, configuredSettings } from "./settings";

/** Credentials are missing or a profile is unknown: a configuration problem, not a JSMS error. */
export class CredentialsError extends Error {
    override name = "CredentialsError";
}

/** The app credentials for the default app (no `app` input) or for a named `jsms:apps` profile. */
export function appCredentials(
    app: string | undefined,
    settings: ConfiguredSettings = configuredSettings(),
    env: NodeJS.ProcessEnv = process.env,
): AppCredentials {
    if (app !== undefined) {
        if (settings.appsError) {
            throw new CredentialsError(settings.appsError);
        }
        const profile = settings.apps?.[app];
        if (!profile) {
            const known = Object.keys(settings.apps ?? {});
            throw new CredentialsError(
                `app profile "${app}" is not defined: add it to the stack config jsms:apps ` +
                    `(pulumi config set --secret jsms:apps '{"${app}": {"appKey": "…", "masterSecret": "…"}}')` +
                    (known.length ? `; defined profiles: ${known.join(", ")}` : "; jsms:apps is not set"),
            );
        }
        if (!profile.appKey || !profile.masterSecret) {
            throw new CredentialsError(`app profile "${app}" in jsms:apps needs both "appKey" and "masterSecret"`);
        }
        return { appKey: profile.appKey, masterSecret: profile.masterSecret };
    }
    const appKey = settings.appKey ?? nonEmpty(env.JSMS_APP_KEY);
    const masterSecret = settings.masterSecret ?? nonEmpty(env.JSMS_MASTER_SECRET);
    if (!appKey || !masterSecret) {
        throw new CredentialsError(
            "JSMS app credentials are missing: set the stack config jsms:appKey and jsms:masterSecret " +
                "(pulumi config set jsms:appKey …; pulumi config set --secret jsms:masterSecret …) " +
                "or the environment variables JSMS_APP_KEY and JSMS_MASTER_SECRET",
        );
    }
    return { appKey, masterSecret };
}

/** The account (dev) credentials, used only for the dev balance. */
export function devCredentials(
    settings: ConfiguredSettings = configuredSettings(),
    env: NodeJS.ProcessEnv = process.env,
): { devKey: string; devSecret: string } {
    const devKey = settings.devKey ?? nonEmpty(env.JSMS_DEV_KEY);
    const devSecret = settings.devSecret ?? nonEmpty(env.JSMS_DEV_SECRET);
    if (!devKey || !devSecret) {
        throw new CredentialsError(
            "JSMS account credentials are missing: set the stack config jsms:devKey and jsms:devSecret " +
                "(pulumi config set jsms:devKey …; pulumi config set --secret jsms:devSecret …) " +
                "or the environment variables JSMS_DEV_KEY and JSMS_DEV_SECRET",
        );
    }
    return { devKey, devSecret };
}

function nonEmpty(value: string | undefined): string | undefined {
    return value === "" ? undefined : value;
}
