#pragma once

#include <explorerbackend.h>

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QPointer>

#include <functional>
#include <QTimer>

/// Canned feeds for the tree model: pages per feed path, answered on the next event-loop
/// turn (like the real backend, never synchronously).
class FakeBackend : public Cosmoscope::ExplorerBackend
{
public:
    /// `ids` split into pages of `pageSize`; continuation = index of the next page.
    void setFeed(const QString &urlPath, const QStringList &ids, int pageSize = 100)
    {
        QList<Cosmoscope::ListPage> pages;
        int i = 0;
        do {
            Cosmoscope::ListPage page;
            for (int j = i; j < qMin(int(ids.size()), i + pageSize); ++j)
                page.resources.append(QJsonObject{{QStringLiteral("id"), ids.at(j)}});
            if (i + pageSize < ids.size())
                page.continuation = QString::number(pages.size() + 1);
            pages.append(page);
            i += pageSize;
        } while (i < ids.size());
        m_pages.insert(urlPath, pages);
        m_errors.remove(urlPath);
    }
    void setError(const QString &urlPath, int status) { m_errors.insert(urlPath, status); }

    void list(const Cosmos::ResourcePath &feed,
              const QString &continuation,
              QObject *context,
              Cosmoscope::ListCallback callback) override
    {
        const QString path = feed.urlPath();
        calls.append(path + QLatin1Char('#') + continuation);
        Cosmoscope::ListPage page;
        if (m_errors.contains(path)) {
            page.error = Cosmos::CosmosError::fromServiceResponse(
                m_errors.value(path), 0, R"({"code":"Forbidden","message":"not allowed"})");
        } else {
            page = m_pages.value(path).value(continuation.isEmpty() ? 0 : continuation.toInt());
        }
        if (hold) {
            QPointer<QObject> guard(context);
            m_held.append([guard, callback, page] {
                if (guard)
                    callback(page);
            });
            return;
        }
        QTimer::singleShot(0, context, [callback, page] { callback(page); });
    }

    /// Answers the held requests (with `hold` set, requests wait for this).
    void release()
    {
        const auto held = std::move(m_held);
        m_held.clear();
        for (const auto &f : held)
            f();
    }

    bool hold = false;

    QStringList calls;

private:
    QHash<QString, QList<Cosmoscope::ListPage>> m_pages;
    QHash<QString, int> m_errors;
    QList<std::function<void()>> m_held;
};

/// Canned ARM levels for the tree's Azure root: pages per "level/parentId", answered on the
/// next event-loop turn; the continuation is the index of the next page.
class FakeAzureBackend : public Cosmoscope::AzureBackend
{
public:
    void setPages(Level level, const QString &parentId, const QList<QJsonArray> &pages)
    {
        m_pages.insert(keyOf(level, parentId), pages);
    }
    void setError(Level level, const QString &parentId, int status)
    {
        m_errors.insert(keyOf(level, parentId), status);
    }

    void list(Level level,
              const QString &parentId,
              const QString &continuation,
              QObject *context,
              Cosmoscope::ListCallback callback) override
    {
        const QString key = keyOf(level, parentId);
        calls.append(key + QLatin1Char('#') + continuation);
        Cosmoscope::ListPage page;
        const int index = continuation.isEmpty() ? 0 : continuation.toInt();
        if (m_errors.contains(key)) {
            page.error = Cosmos::CosmosError::fromServiceResponse(
                m_errors.value(key), 0, R"({"code":"AuthorizationFailed","message":"no"})");
        } else {
            const QList<QJsonArray> pages = m_pages.value(key);
            page.resources = pages.value(index);
            if (index + 1 < pages.size())
                page.continuation = QString::number(index + 1);
        }
        QTimer::singleShot(0, context, [callback, page] { callback(page); });
    }

    QStringList calls;

private:
    static QString keyOf(Level level, const QString &parentId)
    {
        return QString::number(int(level)) + QLatin1Char('/') + parentId;
    }
    QHash<QString, QList<QJsonArray>> m_pages;
    QHash<QString, int> m_errors;
};
