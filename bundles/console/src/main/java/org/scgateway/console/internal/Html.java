package org.scgateway.console.internal;

/**
 * HTML escaping for text and attribute values. Hand-written: the OWASP encoder Felix's Web Console brings is
 * not in Karaf's, and the page needs only these two contexts.
 */
final class Html {

    private Html() {
    }

    /** For element content. */
    static String text(String s) {
        return escape(s, false);
    }

    /** For a double-quoted attribute value. */
    static String attr(String s) {
        return escape(s, true);
    }

    private static String escape(String s, boolean attribute) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '&': b.append("&amp;"); break;
                case '"': b.append("&quot;"); break;
                case '\'': b.append("&#39;"); break;
                default:
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        b.append(attribute ? " " : "\uFFFD");
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.toString();
    }
}
