package io.deepdock.webapp.media;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the web app hands out stored media ({@code deepdock.media.*}, next to core's
 * {@code deepdock.media.dir}).
 *
 * @param accelRedirect {@code true} behind nginx ({@code ./deepdock up} and
 * {@code stack.yml} set {@code DEEPDOCK_MEDIA_ACCELREDIRECT=true} on the web replicas): a
 * download is answered with {@code X-Accel-Redirect} to lb's internal location, and the
 * media role sends the bytes. {@code false} (the default, tests without nginx): the web
 * app streams the file itself.
 */
@ConfigurationProperties("deepdock.media")
public record MediaDownloadProperties(@DefaultValue("false") boolean accelRedirect) {

}
