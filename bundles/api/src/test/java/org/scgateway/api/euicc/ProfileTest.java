package org.scgateway.api.euicc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.junit.Test;
import org.scgateway.api.euicc.Profile.PolicyRule;
import org.scgateway.api.euicc.Profile.ProfileClass;
import org.scgateway.api.euicc.Profile.State;
import org.scgateway.api.se.Aid;

public class ProfileTest {

    private static final Iccid ICCID = Iccid.of("89000123456789012341");
    private static final Aid ISDP = Aid.fromHex("A0000005591010FFFFFFFF8900001000");

    private static String chars(int n) {
        return "x".repeat(n);
    }

    @Test
    public void requiresIccidAndIsdpAid() {
        assertThrows(NullPointerException.class, () -> Profile.builder(null, ISDP).build());
        assertThrows(NullPointerException.class, () -> Profile.builder(ICCID, null).build());
        assertThrows(NullPointerException.class, () -> Profile.builder(ICCID, ISDP).state(null).build());
        assertThrows(NullPointerException.class, () -> Profile.builder(ICCID, ISDP).profileClass(null).build());
        assertThrows(NullPointerException.class, () -> Profile.builder(ICCID, ISDP).policyRule(null));
    }

    @Test
    public void defaults() {
        Profile p = Profile.builder(ICCID, ISDP).build();
        assertEquals(ICCID, p.iccid());
        assertEquals(ISDP, p.isdpAid());
        assertEquals(State.DISABLED, p.state());
        assertFalse(p.isEnabled());
        assertEquals(ProfileClass.OPERATIONAL, p.profileClass());
        assertTrue(p.policyRules().isEmpty());
        assertFalse(p.isFallback());
        assertEquals(Optional.empty(), p.nickname());
        assertEquals(Optional.empty(), p.serviceProvider());
        assertEquals(Optional.empty(), p.name());
    }

    @Test
    public void everyFieldSet() {
        Profile p = Profile.builder(ICCID, ISDP)
                .state(State.ENABLED)
                .profileClass(ProfileClass.TEST)
                .policyRule(PolicyRule.DELETION_NOT_ALLOWED)
                .policyRule(PolicyRule.DISABLING_NOT_ALLOWED)
                .fallback(true)
                .nickname("work")
                .serviceProvider("Operator")
                .name("Operator IoT")
                .build();
        assertTrue(p.isEnabled());
        assertEquals(ProfileClass.TEST, p.profileClass());
        assertEquals(EnumSet.of(PolicyRule.DISABLING_NOT_ALLOWED, PolicyRule.DELETION_NOT_ALLOWED), p.policyRules());
        assertTrue(p.isFallback());
        assertEquals(Optional.of("work"), p.nickname());
        assertEquals(Optional.of("Operator"), p.serviceProvider());
        assertEquals(Optional.of("Operator IoT"), p.name());
    }

    @Test
    public void textsLimitedTo64Characters() {
        Profile.Builder b = Profile.builder(ICCID, ISDP);
        assertThrows(IllegalArgumentException.class, () -> b.nickname(chars(65)));
        assertThrows(IllegalArgumentException.class, () -> b.serviceProvider(chars(65)));
        assertThrows(IllegalArgumentException.class, () -> b.name(chars(65)));
        Profile p = b.nickname(chars(64)).serviceProvider(chars(64)).name(chars(64)).build();
        assertEquals(64, p.nickname().get().length());
        // null clears
        assertFalse(Profile.builder(ICCID, ISDP).nickname("a").nickname(null).build().nickname().isPresent());
    }

    @Test
    public void policyRulesImmutableAndIndependentOfBuilder() {
        Profile.Builder b = Profile.builder(ICCID, ISDP).policyRule(PolicyRule.DELETION_NOT_ALLOWED);
        Profile p = b.build();
        Set<PolicyRule> rules = p.policyRules();
        assertThrows(UnsupportedOperationException.class, () -> rules.add(PolicyRule.DISABLING_NOT_ALLOWED));
        assertThrows(UnsupportedOperationException.class, () -> rules.clear());
        assertThrows(UnsupportedOperationException.class,
                () -> Profile.builder(ICCID, ISDP).build().policyRules().add(PolicyRule.DELETION_NOT_ALLOWED));
        b.policyRule(PolicyRule.DELETION_REQUIRED_ON_DISABLE);
        assertEquals(EnumSet.of(PolicyRule.DELETION_NOT_ALLOWED), p.policyRules());
    }

    @Test
    public void equalsAndHashCode() {
        Profile a = Profile.builder(ICCID, ISDP).nickname("n").policyRule(PolicyRule.DELETION_NOT_ALLOWED).build();
        Profile b = Profile.builder(ICCID, ISDP).nickname("n").policyRule(PolicyRule.DELETION_NOT_ALLOWED).build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Profile.builder(ICCID, ISDP).nickname("m").policyRule(PolicyRule.DELETION_NOT_ALLOWED).build());
        assertNotEquals(a, Profile.builder(ICCID, ISDP).nickname("n").build());
        assertNotEquals(a, Profile.builder(ICCID, ISDP).nickname("n").policyRule(PolicyRule.DELETION_NOT_ALLOWED)
                .state(State.ENABLED).build());
        assertNotEquals(a, Profile.builder(ICCID, ISDP).nickname("n").policyRule(PolicyRule.DELETION_NOT_ALLOWED)
                .fallback(true).build());
        assertNotEquals(a, Profile.builder(Iccid.of("8900012345678901234"), ISDP).nickname("n")
                .policyRule(PolicyRule.DELETION_NOT_ALLOWED).build());
    }

    @Test
    public void toStringNamesIccidAndState() {
        String s = Profile.builder(ICCID, ISDP).state(State.ENABLED).fallback(true).build().toString();
        assertTrue(s, s.contains("89000123456789012341"));
        assertTrue(s, s.contains("ENABLED"));
        assertTrue(s, s.contains("fall-back"));
        assertTrue(s, s.contains("A0000005591010FFFFFFFF8900001000"));
    }
}
