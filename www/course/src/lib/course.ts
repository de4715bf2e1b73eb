// The course as the pages see it: lessons in reading order (module folder, then `order`),
// module titles from src/data/modules.json, Russian labels for difficulty and duration.
import { getCollection, type CollectionEntry } from "astro:content";
import modules from "../data/modules.json";

export type Lesson = CollectionEntry<"course">;

/** The base URL with exactly one trailing slash ("/course/"). */
export const BASE = import.meta.env.BASE_URL.replace(/\/?$/, "/");

export const DIFFICULTY_RU: Record<Lesson["data"]["difficulty"], string> = {
  beginner: "начальный уровень",
  intermediate: "средний уровень",
  advanced: "продвинутый уровень",
};

/** "30min" -> "30 мин" (the schema guarantees the shape). */
export function durationRu(duration: string): string {
  return duration.replace(/^(\d+)min$/, "$1\u00a0мин");
}

export function moduleOf(lesson: Lesson): string {
  return lesson.id.split("/")[0];
}

export function slugOf(lesson: Lesson): string {
  return lesson.id.split("/")[1];
}

export function moduleTitle(module: string): string {
  const title = (modules as Record<string, string>)[module];
  if (!title) throw new Error(`src/data/modules.json has no title for the module folder "${module}"`);
  return title;
}

export function lessonHref(lesson: Lesson): string {
  return `${BASE}${moduleOf(lesson)}/${slugOf(lesson)}/`;
}

export async function lessonsInOrder(): Promise<Lesson[]> {
  const all = await getCollection("course");
  return all.sort((a, b) => moduleOf(a).localeCompare(moduleOf(b)) || a.data.order - b.data.order || a.id.localeCompare(b.id));
}

export async function modulesInOrder(): Promise<{ module: string; title: string; lessons: Lesson[] }[]> {
  const groups = new Map<string, Lesson[]>();
  for (const lesson of await lessonsInOrder()) {
    const m = moduleOf(lesson);
    groups.set(m, [...(groups.get(m) ?? []), lesson]);
  }
  return [...groups].map(([module, lessons]) => ({ module, title: moduleTitle(module), lessons }));
}
