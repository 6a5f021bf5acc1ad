package org.scgateway.api.euicc;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The profiles of one eUICC, driven through its ISD-R. Registered for as long as the Secure Element that
 * holds the eUICC is present, with {@link #PROP_SECURE_ELEMENT_ID} naming it.
 * <p>
 * Operations follow SGP.02: at most one profile is enabled; enabling one disables the one that was; the
 * policy rules (POL1) of a profile are enforced by the eUICC and a refusal comes back as
 * {@link EuiccException.Result#DISALLOWED_BY_POLICY}. Each operation is atomic on the card. Methods are
 * thread-safe; operations on one eUICC are carried out one at a time. Each change that succeeded is told
 * to every {@link EuiccListener} service.
 */
@ProviderType
public interface EuiccService {

    /** Service property: the {@code scgw.component.id} of the Secure Element that holds the eUICC. */
    String PROP_SECURE_ELEMENT_ID = "scgw.euicc.se.id";

    /** The id of the Secure Element that holds the eUICC (its {@code SecureComponent.id()}). */
    String secureElementId();

    /** The eUICC identifier. */
    Eid eid() throws EuiccException;

    /** Every profile on the eUICC, in the order the card lists them. */
    List<Profile> profiles() throws EuiccException;

    /** Enables the profile, disabling the one enabled before. */
    void enable(Iccid iccid) throws EuiccException;

    /** Disables the profile. */
    void disable(Iccid iccid) throws EuiccException;

    /** Deletes a disabled profile. */
    void delete(Iccid iccid) throws EuiccException;

    /** Makes the profile the fall-back profile (SGP.02 fall-back attribute), clearing it from the one that had it. */
    void setFallback(Iccid iccid) throws EuiccException;

    /** Sets the profile's nickname (at most 64 bytes of UTF-8); an empty one clears it. */
    void setNickname(Iccid iccid, String nickname) throws EuiccException;
}
