package org.scgateway.api.component;

/** The technology of a {@link SecureComponent}. */
public enum ComponentKind {
    /** A removable or soldered UICC (ETSI TS 102 221) with a GlobalPlatform issuer security domain. */
    UICC,
    /** A UICC that can hold several operator profiles (GSMA SGP.02 / SGP.22 / SGP.32). */
    EUICC,
    /** A Secure Element soldered on the board that is not a UICC (a GlobalPlatform card in another form). */
    EMBEDDED_SE,
    /** A Trusted Execution Environment managed through GlobalPlatform TMF semantics. */
    TEE;

    /** Whether a component of this kind is a Secure Element, and so speaks APDUs. */
    public boolean isSecureElement() {
        return this != TEE;
    }
}
