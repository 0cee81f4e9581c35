#include "manageutil.h"

#include "jsonlistmodel.h"

#include <cosmosclient.h>
#include <pager.h>

#include <QApplication>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QTableView>

#include <memory>

namespace Manage {

QString errorText(const Cosmos::CosmosError &error)
{
    if (!error.isError())
        return {};
    QString text = error.toString();
    QStringList details;
    if (error.subStatus != 0)
        details << QObject::tr("substatus %1").arg(error.subStatus);
    if (!error.activityId.isEmpty())
        details << QObject::tr("activity id %1").arg(error.activityId);
    if (error.requestCharge > 0)
        details << chargeText(error.requestCharge);
    if (!details.isEmpty())
        text += QStringLiteral(" (") + details.join(QStringLiteral(", ")) + QLatin1Char(')');
    return text;
}

QString chargeText(double charge)
{
    return QObject::tr("%1 RU").arg(QString::number(charge, 'f', 2));
}

QString prettyJson(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented));
    if (value.isUndefined())
        return QStringLiteral("(no result)");
    // Scalars: wrap in an array to serialize, then strip the brackets.
    const QByteArray compact = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(compact.mid(1, compact.size() - 2));
}

QString describe(const Cosmos::ResourcePath &path)
{
    using Cosmos::ResourceKind;
    if (path.isAccount())
        return QObject::tr("the account");
    QString where = path.databaseId();
    if (!path.containerId().isEmpty())
        where += QLatin1Char('/') + path.containerId();
    if (path.kind() != ResourceKind::Database && path.kind() != ResourceKind::Container)
        where += QLatin1Char('/') + path.id();
    return Cosmos::displayName(path.kind()) + QLatin1Char(' ') + where;
}

static std::function<bool(const QString &, const QString &)> &confirmHandler()
{
    static std::function<bool(const QString &, const QString &)> handler;
    return handler;
}

void setConfirmHandler(std::function<bool(const QString &title, const QString &text)> handler)
{
    confirmHandler() = std::move(handler);
}

QString timestampText(const QJsonObject &object)
{
    const qint64 ts = qint64(object.value(QStringLiteral("_ts")).toDouble());
    return ts > 0 ? QDateTime::fromSecsSinceEpoch(ts).toString(Qt::ISODate) : QString();
}

bool confirm(QWidget *parent, const QString &title, const QString &text)
{
    if (confirmHandler())
        return confirmHandler()(title, text);
    return QMessageBox::question(parent, title, text, QMessageBox::Yes | QMessageBox::Cancel,
                                 QMessageBox::Cancel)
           == QMessageBox::Yes;
}

void fetchAll(Cosmos::CosmosClient *client, const Cosmos::ResourcePath &feed, QObject *context,
              FeedCallback callback)
{
    Cosmos::RequestOptions options;
    options.maxItemCount = 1000;
    Cosmos::Pager *pager = client->list(feed, options, context);
    auto items = std::make_shared<QJsonArray>();
    QObject::connect(pager, &Cosmos::Pager::pageReady, pager, [=](const Cosmos::FeedPage &page) {
        for (const QJsonValue &v : page.items)
            items->append(v);
        if (pager->hasMore())
            pager->fetchNext();
    });
    QObject::connect(pager, &Cosmos::Pager::finished, pager, [=] {
        callback(*items, {}, pager->totalRequestCharge());
        pager->deleteLater();
    });
    QObject::connect(pager, &Cosmos::Pager::failed, pager, [=](const Cosmos::CosmosError &e) {
        callback(*items, e, pager->totalRequestCharge());
        pager->deleteLater();
    });
    pager->fetchNext();
}

MessageLine::MessageLine(QWidget *parent)
    : Cosmoscope::MessageBar(parent)
{
    connect(this, &MessageBar::dismissed, this, [this] { m_level = Level::None; });
}

void MessageLine::showInfo(const QString &text)
{
    show(Level::Info, text);
}

void MessageLine::showBusy(const QString &text)
{
    show(Level::Busy, text);
}

void MessageLine::showError(const QString &text)
{
    show(Level::Error, text);
}

void MessageLine::showError(const Cosmos::CosmosError &error, const QString &what)
{
    const QString text = errorText(error);
    show(Level::Error,
         what.isEmpty() ? text : what + QStringLiteral(": ") + text,
         MessageBar::detailsOf(error));
}

void MessageLine::clear()
{
    dismiss();
}

QString MessageLine::text() const
{
    return MessageBar::text();
}

void MessageLine::show(Level level, const QString &text, const QString &details)
{
    m_level = level;
    showMessage(level == Level::Error ? Type::Error : Type::Information, text, details);
}

QString countText(qsizetype n, const QString &one, const QString &many)
{
    return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
}

void setUpListView(QTableView *view, bool fitColumns)
{
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->horizontalHeader()->setStretchLastSection(true);
    if (fitColumns)
        view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->verticalHeader()->hide();
}

void selectId(QTableView *view, const JsonListModel *model, const QString &id)
{
    const int row = model->rowOf(id);
    if (row >= 0)
        view->selectRow(row);
}

namespace {

// Follows the application palette: a fixed stylesheet red was 2.2:1 on the dark theme. The
// label has a palette of its own, so it is not told of a change: the application is watched.
class ErrorTextColor : public QObject
{
public:
    explicit ErrorTextColor(QWidget *label)
        : QObject(label)
        , m_label(label)
    {
        qApp->installEventFilter(this);
    }

    static void apply(QWidget *widget)
    {
        const bool dark = QApplication::palette().color(QPalette::Window).lightness() < 128;
        QPalette palette = widget->palette();
        palette.setColor(QPalette::WindowText, dark ? QColor(0xff, 0x8a, 0x80)
                                                    : QColor(0xa4, 0x26, 0x2c));
        widget->setPalette(palette);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == qApp && event->type() == QEvent::ApplicationPaletteChange)
            apply(m_label);
        return false;
    }

private:
    QWidget *m_label; ///< the parent: this dies with it
};

} // namespace

void setErrorTextColor(QWidget *label)
{
    ErrorTextColor::apply(label);
    new ErrorTextColor(label);
}

} // namespace Manage
