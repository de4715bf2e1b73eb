// The `course` collection: one entry per lesson, src/content/course/<module>/<lesson>.mdx.
// A lesson whose frontmatter is missing a field or has a wrong one fails `astro build` with
// the file and the field named (tests/course/frontmatter.test.mjs checks that).
import { defineCollection } from "astro:content";
import { glob } from "astro/loaders";
import { z } from "astro/zod";

export const DIFFICULTIES = ["beginner", "intermediate", "advanced"] as const;

const course = defineCollection({
  loader: glob({ base: "./src/content/course", pattern: "*/*.mdx" }),
  schema: z.object({
      title: z.string().min(1),
      description: z.string().min(1),
      order: z.number().int().positive(),
      difficulty: z.enum(DIFFICULTIES),
      duration: z.string().regex(/^[1-9][0-9]*min$/, 'expected minutes, like "30min"'),
      topics: z
        .array(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "each topic is kebab-case, like wal-management"))
        .nonempty("at least one topic"),
    }),
});

export const collections = { course };
