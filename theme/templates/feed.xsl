<?xml version="1.0" encoding="UTF-8"?>
{#- The XSL stylesheet every feed names in <?xml-stylesheet?>. Owned by the feeds plugin, which renders
    this template into FEEDS_STYLESHEET with: root (the path of the site's root, "" or "/archive"),
    stylesheet (the site's CSS), feeds_page (the /feeds/ page) and SITENAME. #}

<!-- Shows an Atom or RSS feed of the archive, opened in a web browser, as a page: what the feed is,
     how to subscribe, and its statements. No scripts and no inline styles: the site's own CSS
     styles it, so the site's Content-Security-Policy allows it. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:template match="/">
    <xsl:variable name="title" select="atom:feed/atom:title | rss/channel/title"/>
    <xsl:variable name="lang" select="atom:feed/@xml:lang | rss/channel/language"/>
    <html lang="{$lang}">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/> (feed)</title>
        <link rel="stylesheet" href="{{ stylesheet }}"/>
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to main content</a>
        <header class="site-header">
          <div class="site-header__bar width-container">
            <a class="site-header__name" href="{{ root }}/">{{ SITENAME }}</a>
          </div>
        </header>
        <div class="width-container">
          <main id="main" class="main">
            <xsl:apply-templates select="atom:feed | rss/channel"/>
          </main>
        </div>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="atom:feed">
    <xsl:call-template name="introduction">
      <xsl:with-param name="title" select="atom:title"/>
      <xsl:with-param name="description" select="atom:subtitle"/>
      <xsl:with-param name="address" select="atom:link[@rel='self']/@href"/>
      <xsl:with-param name="page" select="atom:link[@rel='alternate']/@href"/>
    </xsl:call-template>
    <xsl:call-template name="entries">
      <xsl:with-param name="count" select="count(atom:entry)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="rss/channel">
    <xsl:call-template name="introduction">
      <xsl:with-param name="title" select="title"/>
      <xsl:with-param name="description" select="description"/>
      <xsl:with-param name="address" select="atom:link[@rel='self']/@href"/>
      <xsl:with-param name="page" select="link"/>
    </xsl:call-template>
    <xsl:call-template name="entries">
      <xsl:with-param name="count" select="count(item)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="introduction">
    <xsl:param name="title"/>
    <xsl:param name="description"/>
    <xsl:param name="address"/>
    <xsl:param name="page"/>
    <p class="caption">Feed</p>
    <h1><xsl:value-of select="$title"/></h1>
    <p class="lead"><xsl:value-of select="$description"/></p>
    <h2>This page is a feed</h2>
    <p>A feed reader app shows you each new statement of this feed when it is published. To subscribe,
      copy this page's address from your browser's address bar, or the one below, and paste it into your
      feed reader where it asks for a feed or subscription.</p>
    <p><code><xsl:value-of select="$address"/></code></p>
    <ul class="inline-list">
      <li><a href="{$page}">These statements on the website</a></li>
      <li><a href="{{ feeds_page }}">All feeds and how to subscribe</a></li>
    </ul>
  </xsl:template>

  <xsl:template name="entries">
    <xsl:param name="count"/>
    <h2>Statements in this feed</h2>
    <xsl:choose>
      <xsl:when test="$count = 0">
        <p>This feed holds no statements yet.</p>
      </xsl:when>
      <xsl:otherwise>
        <ul class="statement-list">
          <xsl:apply-templates select="atom:entry | item"/>
        </ul>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li class="statement-item">
      <h3 class="statement-item__title"><a href="{atom:link[not(@rel) or @rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h3>
      <p><time datetime="{atom:published}"><xsl:value-of select="substring(atom:published, 1, 10)"/></time></p>
      <p><xsl:value-of select="atom:summary"/></p>
    </li>
  </xsl:template>

  <!-- RSS's description is HTML: the archive writes the summary there as escaped plain text, which is
       copied unescaped into the page (browsers that cannot do so show the escapes). -->
  <xsl:template match="item">
    <li class="statement-item">
      <h3 class="statement-item__title"><a href="{link}"><xsl:value-of select="title"/></a></h3>
      <p><xsl:value-of select="substring(pubDate, 1, 16)"/></p>
      <p><xsl:value-of select="description" disable-output-escaping="yes"/></p>
    </li>
  </xsl:template>
</xsl:stylesheet>
