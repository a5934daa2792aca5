// Minimal Eleventy site: every Markdown page through one layout, a topic nav,
// plus a home page and one list page per topic (like Hugo's section lists).
// Input dir is given on the command line (--input=CORPUS); layouts live next to this file.
const path = require("path");
module.exports = function (eleventyConfig) {
  eleventyConfig.addGlobalData("layout", "page.njk");
  eleventyConfig.addCollection("topics", (api) => {
    const by = new Map();
    for (const p of api.getAll()) {
      // the portal corpus lists its topics (`topics: [tax]`); the peers' own had `topic: tax`
      const t = p.data.topic || (p.data.topics || [])[0];
      if (!t) continue;
      if (!by.has(t)) by.set(t, []);
      by.get(t).push(p);
    }
    return [...by.keys()].sort().map((name) => ({ name, pages: by.get(name) }));
  });
  eleventyConfig.addTemplate("index.njk",
    '<ul>{% for t in collections.topics %}<li><a href="/{{ t.name }}/">{{ t.name }}</a></li>{% endfor %}</ul>',
    { layout: "list.njk", title: "Portal bench", eleventyExcludeFromCollections: true });
  eleventyConfig.addTemplate("topic.njk",
    '<ul>{% for p in t.pages %}<li><a href="{{ p.url }}">{{ p.data.title }}</a></li>{% endfor %}</ul>',
    { layout: "list.njk", pagination: { data: "collections.topics", size: 1, alias: "t" },
      permalink: "/{{ t.name }}/index.html", eleventyComputed: { title: "{{ t.name }}" },
      eleventyExcludeFromCollections: true });
  return {
    markdownTemplateEngine: false, // content is plain Markdown (like Hugo/MkDocs), no Liquid pass
    htmlTemplateEngine: "njk",
    dir: { includes: path.relative(process.env.ELEVENTY_INPUT || ".", path.join(__dirname, "_includes")) },
  };
};
