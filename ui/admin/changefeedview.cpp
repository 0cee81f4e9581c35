#include "changefeedview.h"

#include "jsonlistmodel.h"
#include "manageutil.h"
#include "sourceeditor.h"

#include <changefeed.h>
#include <cosmosclient.h>

#include <QComboBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

using namespace Cosmos;

namespace Manage {

ChangeFeedView::ChangeFeedView(CosmosClient *client, const ResourcePath &container, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_container(container)
    , m_view(new QTableView(this))
    , m_start(new QComboBox(this))
    , m_startTime(new QDateTimeEdit(QDateTime::currentDateTime().addSecs(-3600), this))
    , m_partitionKey(new QLineEdit(this))
    , m_startButton(new QPushButton(tr("&Start"), this))
    , m_live(new QPushButton(tr("&Live"), this))
    , m_fetch(new QPushButton(tr("&Fetch next"), this))
    , m_continuation(new QLabel(this))
    , m_charge(new QLabel(this))
    , m_json(new SourceEditor(SourceEditor::Language::Json, this))
    , m_message(new MessageLine(this))
    , m_timer(new QTimer(this))
{
    m_model = new JsonListModel({{tr("Id"), QStringLiteral("id"), {}},
                                 {tr("Partition key"), {}, [this](const QJsonObject &o) {
                                      return PartitionKey::fromDocument(o, m_partitionKeyPaths)
                                          .displayText();
                                  }},
                                 {tr("Modified"), {}, timestampText},
                                 {tr("LSN"), QStringLiteral("_lsn"), {}}},
                                this);
    m_view->setObjectName(QStringLiteral("changes"));
    m_view->setModel(m_model);
    setUpListView(m_view, false);
    m_start->setObjectName(QStringLiteral("startFrom"));
    m_start->addItem(tr("From the beginning"));
    m_start->addItem(tr("From now"));
    m_start->addItem(tr("From a time"));
    m_startTime->setObjectName(QStringLiteral("startTime"));
    m_startTime->setCalendarPopup(true);
    m_startTime->setEnabled(false);
    m_partitionKey->setObjectName(QStringLiteral("partitionKey"));
    m_partitionKey->setPlaceholderText(tr("all partitions (or a JSON value)"));
    m_startButton->setObjectName(QStringLiteral("startFeed"));
    m_live->setObjectName(QStringLiteral("live"));
    m_live->setCheckable(true);
    m_live->setToolTip(tr("Poll for new changes every second; click again to pause."));
    m_fetch->setObjectName(QStringLiteral("fetchNext"));
    m_continuation->setObjectName(QStringLiteral("continuation"));
    m_continuation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_charge->setObjectName(QStringLiteral("requestCharge"));
    m_json->setObjectName(QStringLiteral("changeJson"));
    m_json->setReadOnly(true);
    m_timer->setInterval(1000);

    // Where to start, then the partition key on a line of its own: the tab fits 900 px.
    auto controls = new QHBoxLayout;
    controls->addWidget(m_start);
    controls->addWidget(m_startTime);
    controls->addStretch();
    controls->addWidget(m_startButton);
    controls->addWidget(m_live);
    controls->addWidget(m_fetch);
    auto pkRow = new QHBoxLayout;
    pkRow->addWidget(new QLabel(tr("Partition key:"), this));
    pkRow->addWidget(m_partitionKey, 1);

    auto split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_view);
    split->addWidget(m_json);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto status = new QHBoxLayout;
    status->addWidget(new QLabel(tr("Continuation:"), this));
    status->addWidget(m_continuation, 1);
    status->addWidget(m_charge);

    auto layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addLayout(pkRow);
    layout->addWidget(split, 1);
    layout->addWidget(m_message);
    layout->addLayout(status);

    connect(m_start, &QComboBox::currentIndexChanged, this,
            [this](int index) { m_startTime->setEnabled(index == FromTime); });
    connect(m_startButton, &QPushButton::clicked, this, &ChangeFeedView::start);
    connect(m_live, &QPushButton::toggled, this, &ChangeFeedView::setLive);
    connect(m_fetch, &QPushButton::clicked, this, &ChangeFeedView::fetchNext);
    connect(m_timer, &QTimer::timeout, this, &ChangeFeedView::fetchNext);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ChangeFeedView::showSelected);
    connect(m_view, &QTableView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT openItemRequested(m_container, m_model->object(index.row()));
    });

    if (m_client) {
        m_client->containerProperties(container, this, [this](const QJsonObject &p, const CosmosError &) {
            m_partitionKeyPaths = PartitionKeyDefinition::fromJson(
                                      p.value(QStringLiteral("partitionKey")).toObject())
                                      .paths;
        });
    }
    updateButtons();
}

QString ChangeFeedView::title() const
{
    return tr("Change feed: %1").arg(m_container.id());
}

void ChangeFeedView::start()
{
    if (!m_client)
        return;
    ChangeFeedOptions options;
    options.start = m_start->currentIndex() == FromNow    ? ChangeFeedOptions::Start::Now
                    : m_start->currentIndex() == FromTime ? ChangeFeedOptions::Start::Time
                                                          : ChangeFeedOptions::Start::Beginning;
    options.startTime = m_startTime->dateTime().toUTC();
    const QString pk = m_partitionKey->text().trimmed();
    if (!pk.isEmpty()) {
        CosmosError e;
        options.partitionKey = PartitionKey::fromJsonText(pk, &e);
        if (e.isError()) {
            m_message->showError(e, tr("Partition key"));
            return;
        }
    }
    if (m_reader) {
        m_reader->cancel();
        m_reader->deleteLater();
    }
    m_model->clear();
    m_json->clear();
    m_continuation->clear();
    m_charge->clear();
    m_message->clear();
    m_reader = m_client->changeFeed(m_container, options, this);
    connect(m_reader, &ChangeFeedReader::changesReady, this, &ChangeFeedView::onChanges);
    connect(m_reader, &ChangeFeedReader::failed, this, &ChangeFeedView::onFailed);
    updateButtons();
    fetchNext();
}

void ChangeFeedView::setLive(bool live)
{
    if (m_live->isChecked() != live) {
        m_live->setChecked(live); // re-enters through toggled
        return;
    }
    if (live && !m_reader)
        start();
    if (live) {
        m_timer->start();
        m_live->setText(tr("Pa&use"));
        fetchNext();
    } else {
        m_timer->stop();
        m_live->setText(tr("&Live"));
    }
    updateButtons();
}

bool ChangeFeedView::isLive() const
{
    return m_timer->isActive();
}

void ChangeFeedView::setPollInterval(int ms)
{
    m_timer->setInterval(ms);
}

void ChangeFeedView::fetchNext()
{
    // Never two requests at once: a tick while a page is in flight is skipped.
    if (!m_reader || m_reader->isBusy())
        return;
    ++m_requests;
    m_reader->fetchNext();
    updateButtons();
}

void ChangeFeedView::onChanges(const FeedPage &page)
{
    m_model->append(page.items);
    m_continuation->setText(page.continuation);
    m_charge->setText(tr("%1 this page, %2 in total")
                          .arg(chargeText(page.requestCharge), chargeText(m_reader->totalRequestCharge())));
    if (page.items.isEmpty()) {
        m_message->showInfo(isLive() ? tr("Caught up; watching for new changes…")
                                     : tr("Caught up: no new changes."));
    } else {
        m_message->showInfo((page.items.size() == 1
                                 ? tr("1 new change.")
                                 : tr("%1 new changes.").arg(page.items.size())));
        m_view->scrollToBottom();
    }
    updateButtons();
    Q_EMIT pageArrived(int(page.items.size()));
    // A full page may have more behind it: keep reading without waiting for the next tick.
    if (isLive() && !page.items.isEmpty())
        QTimer::singleShot(0, this, &ChangeFeedView::fetchNext);
}

void ChangeFeedView::onFailed(const CosmosError &error)
{
    m_message->showError(error, tr("Reading the change feed failed"));
    if (isLive())
        setLive(false); // do not hammer a failing service; resume by hand
    updateButtons();
}

void ChangeFeedView::showSelected()
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    m_json->setText(current.isValid() ? prettyJson(m_model->object(current.row())) : QString());
}

void ChangeFeedView::updateButtons()
{
    m_fetch->setEnabled(m_reader && !m_reader->isBusy() && !isLive());
}

} // namespace Manage
