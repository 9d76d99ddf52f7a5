import { and, asc, count, desc, eq, ilike, inArray, like, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  agreementBody,
  articleBody,
  articleListQuery,
  boardBody,
  publicArticleQuery,
  updateAgreementBody,
  updateArticleBody,
} from '../../../shared/api/legal.js';
import { AGREEMENT_WARN_DAYS, type ArticleCategory, LEGAL_FILE_MAX_BYTES } from '../../../shared/legal.js';
import { escapeLike } from '../../db/sql.js';
import { shanghaiDate } from '../../platform/calendar/index.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, badRequest, notFound } from '../../platform/errors.js';
import { IMAGE_MAX_BYTES, sniffImage } from '../../platform/files/index.js';
import { files } from '../../platform/files/schema.js';
import { places } from '../org/schema.js';
import { type LegalDeps, monthStart, placeFor, placeLabels, placeNames } from './common.js';
import { legalAgreements, legalArticles, legalBoards } from './schema.js';

const DAY = 86_400_000;
const daysBetween = (from: string, to: string) =>
  Math.round((new Date(`${to}T00:00:00Z`).getTime() - new Date(`${from}T00:00:00Z`).getTime()) / DAY);

/** The type of an uploaded document by its bytes: PDF, JPEG or PNG; anything else is refused. */
export function sniffDocument(bytes: Buffer): string | null {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  const image = sniffImage(bytes);
  return image === 'image/jpeg' || image === 'image/png' ? image : null;
}

export async function saveDocument(deps: LegalDeps, bytes: Buffer, name: string) {
  if (bytes.length > LEGAL_FILE_MAX_BYTES)
    throw new AppError(400, 'FILE_TOO_LARGE', `文件不能超过 ${LEGAL_FILE_MAX_BYTES / 1024 / 1024} MB`);
  const contentType = sniffDocument(bytes);
  if (!contentType) throw new AppError(400, 'UNSUPPORTED_FILE_TYPE', '只能上传 PDF、JPEG 或 PNG 格式的文件');
  const ext = { 'application/pdf': '.pdf', 'image/jpeg': '.jpg', 'image/png': '.png' }[contentType]!;
  const base = name.trim() || `文件${ext}`;
  return deps.files.saveFile(bytes, {
    name: /\.[A-Za-z0-9]{1,5}$/.test(base) ? base : `${base}${ext}`,
    contentType,
    maxBytes: LEGAL_FILE_MAX_BYTES,
  });
}

export function createRecordsService(deps: LegalDeps) {
  const { db, audit, clock } = deps;
  const today = () => shanghaiDate(clock.now());

  // ── 法律顾问协议 ──
  async function agreementFor(ctx: Ctx, id: string, permission: 'legal.read' | 'legal.manage') {
    const [a] = await db.select().from(legalAgreements).where(eq(legalAgreements.id, id));
    if (!a || !ctx.actor!.inScope(permission, a.placePath)) throw notFound('顾问协议不存在或无权访问');
    return a;
  }

  function agreementView(
    a: typeof legalAgreements.$inferSelect,
    estateName: string,
    fileName: string | null,
  ) {
    const now = today();
    const daysLeft = daysBetween(now, a.endsOn);
    const state =
      a.startsOn > now
        ? ('future' as const)
        : daysLeft < 0
          ? ('expired' as const)
          : daysLeft <= AGREEMENT_WARN_DAYS
            ? ('expiring' as const)
            : ('active' as const);
    return {
      id: a.id,
      placeId: a.placeId,
      estateName,
      advisorName: a.advisorName,
      firm: a.firm,
      phone: a.phone,
      startsOn: a.startsOn,
      endsOn: a.endsOn,
      duties: a.duties,
      hasFile: a.fileId !== null,
      fileName,
      daysLeft,
      state,
    };
  }

  // ── knowledge base ──
  async function articleFor(ctx: Ctx, id: string, permission: 'legal.read' | 'legal.manage') {
    const [a] = await db.select().from(legalArticles).where(eq(legalArticles.id, id));
    if (!a || !ctx.actor!.inScope(permission, a.placePath)) throw notFound('文章不存在或无权访问');
    return a;
  }
  const excerpt = (body: string) =>
    body
      .replace(/[#*>`_-]+/g, '')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 80);

  // ── boards ──
  const photoUrl = (boardId: string, fileId: string | null) =>
    fileId ? `/api/v1/legal/boards/${boardId}/photo` : null;
  const boardView = (b: typeof legalBoards.$inferSelect) => ({
    id: b.id,
    title: b.title,
    summary: b.summary,
    changedOn: b.changedOn,
    photoUrl: photoUrl(b.id, b.photoFileId),
  });

  return {
    async agreements(ctx: Ctx, placeId: string | undefined) {
      const filters: SQL[] = [ctx.actor!.scopeFilter('legal.read', legalAgreements.placePath)];
      if (placeId) {
        const p = await deps.org.places.visible(ctx, placeId, 'legal.read');
        filters.push(like(legalAgreements.placePath, `${escapeLike(p.path)}%`));
      }
      const rows = await db
        .select({ a: legalAgreements, fileName: files.name })
        .from(legalAgreements)
        .leftJoin(files, eq(files.id, legalAgreements.fileId))
        .where(and(...filters))
        .orderBy(asc(legalAgreements.endsOn))
        .limit(500);
      const names = await placeNames(
        db,
        rows.map((r) => r.a.placeId),
      );
      const items = rows.map((r) => agreementView(r.a, names.get(r.a.placeId) ?? '', r.fileName));
      return { items, expiring: items.filter((i) => i.state === 'expiring') };
    },

    async createAgreement(ctx: Ctx, body: z.infer<typeof agreementBody>) {
      const estate = await placeFor(deps, ctx, body.placeId, 'legal.manage', ['estate', 'community']);
      if (body.endsOn < body.startsOn) throw badRequest('协议到期日不能早于开始日', { endsOn: '请重新选择' });
      return db.transaction(async () => {
        const [a] = await db
          .insert(legalAgreements)
          .values({ ...body, placeId: estate.id, placePath: estate.path })
          .returning({ id: legalAgreements.id });
        await audit.record(ctx, {
          action: 'legal_agreement.create',
          targetType: 'legal_agreement',
          targetId: a.id,
          placeId: estate.id,
          placePath: estate.path,
          after: {
            advisorName: body.advisorName,
            firm: body.firm,
            startsOn: body.startsOn,
            endsOn: body.endsOn,
          },
        });
        return a.id;
      });
    },

    async updateAgreement(ctx: Ctx, id: string, body: z.infer<typeof updateAgreementBody>) {
      const a = await agreementFor(ctx, id, 'legal.manage');
      const startsOn = body.startsOn ?? a.startsOn;
      const endsOn = body.endsOn ?? a.endsOn;
      if (endsOn < startsOn) throw badRequest('协议到期日不能早于开始日', { endsOn: '请重新选择' });
      await db.transaction(async () => {
        await db
          .update(legalAgreements)
          .set({ ...body, updatedAt: clock.now() })
          .where(eq(legalAgreements.id, id));
        await audit.record(ctx, {
          action: 'legal_agreement.update',
          targetType: 'legal_agreement',
          targetId: id,
          placePath: a.placePath,
          before: { advisorName: a.advisorName, startsOn: a.startsOn, endsOn: a.endsOn },
          after: body,
        });
      });
    },

    /** The signed agreement (PDF or photos of it): replaces the previous one. */
    async uploadAgreementFile(ctx: Ctx, id: string, bytes: Buffer, name: string) {
      const a = await agreementFor(ctx, id, 'legal.manage');
      return db.transaction(async () => {
        const f = await saveDocument(deps, bytes, name || '法律顾问协议');
        await deps.files.attach([f.id], {
          ownerType: 'legal_agreement',
          ownerId: id,
          placePath: a.placePath,
        });
        await db
          .update(legalAgreements)
          .set({ fileId: f.id, updatedAt: clock.now() })
          .where(eq(legalAgreements.id, id));
        await audit.record(ctx, {
          action: 'legal_agreement.file',
          targetType: 'legal_agreement',
          targetId: id,
          placePath: a.placePath,
          after: { fileId: f.id, name: f.name, sha256: f.sha256 },
        });
        return { id: f.id, name: f.name };
      });
    },

    async agreementFile(ctx: Ctx, id: string) {
      const a = await agreementFor(ctx, id, 'legal.read');
      if (!a.fileId) throw notFound('该协议尚未上传签署文件');
      return a.fileId;
    },

    // ── knowledge base ──
    async articles(ctx: Ctx, q: z.infer<typeof articleListQuery>) {
      const filters: SQL[] = [ctx.actor!.scopeFilter('legal.read', legalArticles.placePath)];
      if (q.placeId) {
        const p = await deps.org.places.visible(ctx, q.placeId, 'legal.read');
        filters.push(like(legalArticles.placePath, `${escapeLike(p.path)}%`));
      }
      if (q.category) filters.push(eq(legalArticles.category, q.category));
      if (q.q) {
        const pattern = `%${escapeLike(q.q)}%`;
        filters.push(or(ilike(legalArticles.title, pattern), ilike(legalArticles.body, pattern))!);
      }
      const where = and(...filters);
      const [{ total }] = await db.select({ total: count() }).from(legalArticles).where(where);
      const rows = await db
        .select()
        .from(legalArticles)
        .where(where)
        .orderBy(desc(legalArticles.updatedAt), desc(legalArticles.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize);
      const names = await placeNames(
        db,
        rows.map((r) => r.placeId),
      );
      return {
        items: rows.map((a) => ({
          id: a.id,
          placeId: a.placeId,
          placeName: names.get(a.placeId) ?? '',
          category: a.category as ArticleCategory,
          title: a.title,
          excerpt: excerpt(a.body),
          published: a.published,
          updatedAt: a.updatedAt.toISOString(),
        })),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    async article(ctx: Ctx, id: string) {
      const a = await articleFor(ctx, id, 'legal.read');
      const names = await placeNames(db, [a.placeId]);
      return {
        id: a.id,
        placeId: a.placeId,
        placeName: names.get(a.placeId) ?? '',
        category: a.category as ArticleCategory,
        title: a.title,
        excerpt: excerpt(a.body),
        body: a.body,
        published: a.published,
        updatedAt: a.updatedAt.toISOString(),
      };
    },

    async createArticle(ctx: Ctx, body: z.infer<typeof articleBody>) {
      const place = await placeFor(deps, ctx, body.placeId, 'legal.manage');
      return db.transaction(async () => {
        const [a] = await db
          .insert(legalArticles)
          .values({ ...body, placePath: place.path, createdAt: clock.now(), updatedAt: clock.now() })
          .returning({ id: legalArticles.id });
        await audit.record(ctx, {
          action: 'legal_article.create',
          targetType: 'legal_article',
          targetId: a.id,
          placeId: place.id,
          placePath: place.path,
          after: { title: body.title, category: body.category },
        });
        return a.id;
      });
    },

    async updateArticle(ctx: Ctx, id: string, body: z.infer<typeof updateArticleBody>) {
      const a = await articleFor(ctx, id, 'legal.manage');
      await db.transaction(async () => {
        await db
          .update(legalArticles)
          .set({ ...body, updatedAt: clock.now() })
          .where(eq(legalArticles.id, id));
        await audit.record(ctx, {
          action: 'legal_article.update',
          targetType: 'legal_article',
          targetId: id,
          placePath: a.placePath,
          before: { title: a.title, published: a.published },
          after: { title: body.title, category: body.category, published: body.published },
        });
      });
    },

    async removeArticle(ctx: Ctx, id: string) {
      const a = await articleFor(ctx, id, 'legal.manage');
      await db.transaction(async () => {
        await db.delete(legalArticles).where(eq(legalArticles.id, id));
        await audit.record(ctx, {
          action: 'legal_article.remove',
          targetType: 'legal_article',
          targetId: id,
          placePath: a.placePath,
          before: { title: a.title },
        });
      });
    },

    /** Published articles of the place and every place above it (a street's reach its estates). */
    async publicArticles(q: z.infer<typeof publicArticleQuery>) {
      const place = await deps.org.places.find(q.placeId);
      if (!place) throw notFound('地点不存在');
      const filters: SQL[] = [
        eq(legalArticles.published, true),
        sql`${place.path} like ${legalArticles.placePath} || '%'`,
      ];
      if (q.category) filters.push(eq(legalArticles.category, q.category));
      if (q.q) {
        const pattern = `%${escapeLike(q.q)}%`;
        filters.push(or(ilike(legalArticles.title, pattern), ilike(legalArticles.body, pattern))!);
      }
      const rows = await db
        .select()
        .from(legalArticles)
        .where(and(...filters))
        .orderBy(desc(legalArticles.updatedAt))
        .limit(100);
      return {
        placeName: place.name,
        items: rows.map((a) => ({
          id: a.id,
          category: a.category as ArticleCategory,
          title: a.title,
          excerpt: excerpt(a.body),
          updatedAt: a.updatedAt.toISOString(),
        })),
      };
    },

    async publicArticle(id: string) {
      const [a] = await db
        .select()
        .from(legalArticles)
        .where(and(eq(legalArticles.id, id), eq(legalArticles.published, true)));
      if (!a) throw notFound('文章不存在');
      return {
        id: a.id,
        category: a.category as ArticleCategory,
        title: a.title,
        body: a.body,
        updatedAt: a.updatedAt.toISOString(),
      };
    },

    // ── 宣传专栏 ──
    /** Each estate in reach with what hangs on its board now; those not changed this month listed. */
    async boards(ctx: Ctx, placeId: string | undefined) {
      const filters: SQL[] = [eq(places.kind, 'estate'), ctx.actor!.scopeFilter('legal.read', places.path)];
      if (placeId) {
        const p = await deps.org.places.visible(ctx, placeId, 'legal.read');
        filters.push(like(places.path, `${escapeLike(p.path)}%`));
      }
      const estates = await db
        .select({ id: places.id, name: places.name })
        .from(places)
        .where(and(...filters))
        .orderBy(asc(places.path))
        .limit(500);
      const ids = estates.map((e) => e.id);
      const latest = ids.length
        ? await db
            .selectDistinctOn([legalBoards.placeId])
            .from(legalBoards)
            .where(inArray(legalBoards.placeId, ids))
            .orderBy(legalBoards.placeId, desc(legalBoards.changedOn), desc(legalBoards.createdAt))
        : [];
      const byEstate = new Map(latest.map((b) => [b.placeId, b]));
      const month = monthStart(today());
      const items = estates.map((e) => {
        const b = byEstate.get(e.id);
        return {
          estateId: e.id,
          estateName: e.name,
          current: b ? boardView(b) : null,
          stale: !b || b.changedOn < month,
        };
      });
      return {
        month: month.slice(0, 7),
        items,
        stale: items
          .filter((i) => i.stale)
          .map((i) => ({
            estateId: i.estateId,
            estateName: i.estateName,
            lastChangedOn: i.current?.changedOn ?? null,
          })),
      };
    },

    /** Every change of the boards of an estate (or of the estates under a place), newest first. */
    async boardHistory(ctx: Ctx, placeId: string) {
      const p = await deps.org.places.visible(ctx, placeId, 'legal.read');
      const rows = await db
        .select()
        .from(legalBoards)
        .where(like(legalBoards.placePath, `${escapeLike(p.path)}%`))
        .orderBy(desc(legalBoards.changedOn), desc(legalBoards.createdAt))
        .limit(200);
      const names = await placeNames(
        db,
        rows.map((r) => r.placeId),
      );
      return {
        items: rows.map((b) => ({
          ...boardView(b),
          estateId: b.placeId,
          estateName: names.get(b.placeId) ?? '',
        })),
      };
    },

    async changeBoard(ctx: Ctx, body: z.infer<typeof boardBody>) {
      const estate = await placeFor(deps, ctx, body.estateId, 'legal.manage', ['estate'], 'estateId');
      if (body.changedOn > today()) throw badRequest('更换日期不能晚于今天', { changedOn: '请重新选择' });
      // The photo is stored in the same transaction: a refused board leaves no file row behind.
      return db.transaction(async () => {
        let photoId: string | null = null;
        if (body.photo) {
          const bytes = Buffer.from(body.photo.data.replace(/\s+/g, ''), 'base64');
          const saved = await deps.files.saveImage(bytes, {
            name: body.photo.name,
            maxBytes: IMAGE_MAX_BYTES,
          });
          photoId = saved.id;
        }
        const [b] = await db
          .insert(legalBoards)
          .values({
            placeId: estate.id,
            placePath: estate.path,
            title: body.title,
            summary: body.summary,
            changedOn: body.changedOn,
            photoFileId: photoId,
            createdBy: ctx.actor!.userId,
            createdAt: clock.now(),
          })
          .returning({ id: legalBoards.id });
        if (photoId)
          await deps.files.attach([photoId], {
            ownerType: 'legal_board',
            ownerId: b.id,
            placePath: estate.path,
          });
        await audit.record(ctx, {
          action: 'legal_board.change',
          targetType: 'legal_board',
          targetId: b.id,
          placeId: estate.id,
          placePath: estate.path,
          after: { title: body.title, changedOn: body.changedOn },
        });
        return b.id;
      });
    },

    async boardPhoto(ctx: Ctx, id: string) {
      const [b] = await db.select().from(legalBoards).where(eq(legalBoards.id, id));
      if (!b || !ctx.actor!.inScope('legal.read', b.placePath) || !b.photoFileId)
        throw notFound('照片不存在或无权访问');
      return b.photoFileId;
    },

    /** Labels for list rows of other parts of the module. */
    placeLabels: (paths: string[]) => placeLabels(db, paths),
  };
}

export type RecordsService = ReturnType<typeof createRecordsService>;
