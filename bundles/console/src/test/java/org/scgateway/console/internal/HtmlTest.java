package org.scgateway.console.internal;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** What the page prints of a name a card or a profile gives it cannot become markup. */
public class HtmlTest {

    @Test
    public void markupInTextAndAttributesIsEscaped() {
        assertEquals("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;", Html.text("<script>alert('x')</script> & \"q\""));
        assertEquals("a&quot; onmouseover=&quot;x", Html.attr("a\" onmouseover=\"x"));
        assertEquals("", Html.text(null));
        assertEquals("line\u0007".replace('\u0007', '\uFFFD'), Html.text("line\u0007"));
        assertEquals("a b", Html.attr("a\u0000b"));
    }
}
