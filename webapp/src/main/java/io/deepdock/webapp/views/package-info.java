/**
 * What every server-rendered page shares and no feature owns: the {@link RendersPages}
 * stereotype that the page advices select. Depends on nothing in the web app, so any
 * feature may use it.
 */
package io.deepdock.webapp.views;
