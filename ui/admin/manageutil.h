#pragma once

#include <cosmoserror.h>
#include <resourcepath.h>

#include <messagebar.h>

#include <QFrame>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

#include <functional>

QT_BEGIN_NAMESPACE
class QLabel;
class QTableView;
QT_END_NAMESPACE

namespace Cosmos {
class CosmosClient;
}

namespace Manage {

/// "403 Forbidden: … (substatus 1003, activity id …)" — everything a user needs to report it.
QString errorText(const Cosmos::CosmosError &error);
/// "1 user", "3 users": a count with its noun, singular or plural.
QString countText(qsizetype n, const QString &one, const QString &many);
/// "12.34 RU"
QString chargeText(double charge);
QString prettyJson(const QJsonValue &value);
/// Human name of a path: "container SampleDB/Products".
QString describe(const Cosmos::ResourcePath &path);

/// Colours `label`'s text as an error, readable on the current theme (a dark red on light
/// windows, a light red on dark ones) and again after a theme switch.
void setErrorTextColor(QWidget *label);
/// The object's "_ts" as a local ISO date and time, empty when missing.
QString timestampText(const QJsonObject &object);

class JsonListModel;

/// A resource list: whole rows, one at a time, no row numbers, last column stretched
/// (and the others sized to their contents unless `fitColumns` is false).
void setUpListView(QTableView *view, bool fitColumns = true);
/// Selects the row of the resource with this id, if listed.
void selectId(QTableView *view, const JsonListModel *model, const QString &id);

/// Asks a yes/no question (modal; never call it from inside a network callback that
/// must keep other requests going — it only blocks the user, not the network).
bool confirm(QWidget *parent, const QString &title, const QString &text);
/// Replaces the confirmation box (tests answer without a modal loop); nullptr restores it.
void setConfirmHandler(std::function<bool(const QString &title, const QString &text)> handler);

using FeedCallback =
    std::function<void(const QJsonArray &items, const Cosmos::CosmosError &error, double charge)>;
/// Reads every page of a feed (list) and calls back once. `context` owns the work.
void fetchAll(Cosmos::CosmosClient *client, const Cosmos::ResourcePath &feed, QObject *context,
              FeedCallback callback);

/// The management screens' messages: the app's one MessageBar (same look, details and
/// close button as the tabs'), with the screens' vocabulary: information, "working…" states
/// and errors, and the level of what is shown.
class MessageLine : public Cosmoscope::MessageBar
{
    Q_OBJECT
public:
    enum class Level { None, Info, Busy, Error };

    explicit MessageLine(QWidget *parent = nullptr);

    void showInfo(const QString &text);
    void showBusy(const QString &text);
    void showError(const QString &text);
    void showError(const Cosmos::CosmosError &error, const QString &what = {});
    void clear();

    QString text() const;
    Level level() const { return m_level; }

private:
    void show(Level level, const QString &text, const QString &details = {});

    Level m_level = Level::None;
};

} // namespace Manage
