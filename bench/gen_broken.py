#!/usr/bin/env python3
"""Makes a site with many broken links, for timing `guidepost check` on a large docs repo.

    gen_broken.py PAGES DIR [--links M] [--images K] [--fixed]

PAGES pages in folders of 50 (content/s0/ ...), each with K images of its own in
content/s/_static/ and links to them, M links to files that are not in the site
(content/samples/..., code samples kept elsewhere), one link to a missing anchor on the page
and one to a missing anchor on another page: PAGES * (M + 2) broken links in all.
With --fixed the same pages are written with every link fixed (the sample files exist, the
anchors are headings), to time the same site without problems.
"""

import argparse
import os


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", type=int)
    parser.add_argument("dir")
    parser.add_argument("--links", type=int, default=5, help="links to missing files per page")
    parser.add_argument("--images", type=int, default=4, help="images per page")
    parser.add_argument("--fixed", action="store_true", help="every link fixed")
    args = parser.parse_args()

    content = os.path.join(args.dir, "content")
    static = os.path.join(content, "s", "_static")
    samples = os.path.join(content, "samples")
    os.makedirs(static, exist_ok=True)
    if args.fixed:
        os.makedirs(samples, exist_ok=True)
    with open(os.path.join(args.dir, "site.yaml"), "w") as f:
        f.write("title: Broken links bench\nbase_url: https://bench.example/\nsearch: false\n")

    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
    )
    for i in range(args.pages):
        folder = f"s{i // 50}"
        os.makedirs(os.path.join(content, folder), exist_ok=True)
        lines = [
            "---",
            f"title: Page {i}",
            "---",
            "",
            f"Page {i} of the bench site, with its images and code samples.",
            "",
            "## Images",
            "",
        ]
        for j in range(args.images):
            name = f"img{i}_{j}.png"
            with open(os.path.join(static, name), "wb") as f:
                f.write(png)
            lines.append(f"![Figure {j}](/s/_static/{name})")
        lines += ["", "## Samples", ""]
        for j in range(args.links):
            name = f"code{i}_{j}.txt"
            if args.fixed:
                with open(os.path.join(samples, name), "w") as f:
                    f.write(f"sample {i} {j}\n")
            lines.append(f"- [Sample {j}](/samples/{name})")
        anchor = "samples" if args.fixed else "sample-list"
        other = (i + 1) % args.pages
        other_anchor = "images" if args.fixed else "figures"
        lines += [
            "",
            f"Back to [the samples](#{anchor}); see also "
            f"[page {other}'s images](/{f's{other // 50}'}/page{other}/#{other_anchor}).",
            "",
        ]
        with open(os.path.join(content, folder, f"page{i}.md"), "w") as f:
            f.write("\n".join(lines))


if __name__ == "__main__":
    main()
