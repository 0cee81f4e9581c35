#include "resourcequerydialog.h"

#include "conflictsview.h"
#include "jsonlistmodel.h"
#include "manageutil.h"
#include "sourceeditor.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

using namespace Cosmos;

namespace Manage {

QString ResourceQueryDialog::kindPlural(ResourceKind kind)
{
    switch (kind) {
    case ResourceKind::Database:
        return tr("databases");
    case ResourceKind::Container:
        return tr("containers");
    case ResourceKind::StoredProcedure:
        return tr("stored procedures");
    case ResourceKind::Trigger:
        return tr("triggers");
    case ResourceKind::Udf:
        return tr("user-defined functions");
    case ResourceKind::User:
        return tr("users");
    case ResourceKind::Permission:
        return tr("permissions");
    case ResourceKind::Conflict:
        return tr("conflicts");
    default:
        return displayName(kind);
    }
}

QString ResourceQueryDialog::defaultQuery()
{
    return QStringLiteral("SELECT * FROM root r WHERE CONTAINS(r.id, @text)");
}

QString ResourceQueryDialog::feedText(const ResourcePath &feed)
{
    return tr("%1 of %2").arg(kindPlural(feed.kind()), describe(feed.parent()));
}

ResourceQueryDialog::ResourceQueryDialog(CosmosClient *client,
                                         const ResourcePath &feed,
                                         QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_feed(feed)
    , m_sql(new SourceEditor(SourceEditor::Language::Sql, this))
    , m_text(new QLineEdit(this))
    , m_parameters(new QLineEdit(this))
    , m_run(new QPushButton(tr("&Run"), this))
    , m_loadMore(new QPushButton(tr("Load &more"), this))
    , m_model(new JsonListModel({{tr("Id"), QStringLiteral("id"), {}}}, this))
    , m_results(new QListView(this))
    , m_json(new SourceEditor(SourceEditor::Language::Json, this))
    , m_status(new QLabel(this))
    , m_message(new MessageLine(this))
{
    setWindowTitle(tr("Query %1").arg(feedText(feed)));
    m_sql->setObjectName(QStringLiteral("querySql"));
    m_sql->setText(defaultQuery());
    m_sql->setMarginWidth(0, 0);
    m_sql->setMarginWidth(1, 0);
    m_sql->setWrapMode(QsciScintilla::WrapWord);
    m_sql->SendScintilla(QsciScintilla::SCI_SETHSCROLLBAR, 0L);
    m_sql->setFixedHeight(fontMetrics().height() * 5);
    m_text->setObjectName(QStringLiteral("queryText"));
    m_text->setPlaceholderText(
        tr("text the ids contain (empty: every %1)").arg(displayName(feed.kind())));
    m_text->setClearButtonEnabled(true);
    m_parameters->setObjectName(QStringLiteral("queryParameters"));
    m_parameters->setPlaceholderText(tr("optional, a JSON object: {\"@mode\": \"Read\"}"));
    m_run->setObjectName(QStringLiteral("runQuery"));
    m_run->setDefault(true);
    m_loadMore->setObjectName(QStringLiteral("loadMore"));
    m_results->setObjectName(QStringLiteral("queryResults"));
    m_results->setModel(m_model);
    m_results->setSelectionMode(QAbstractItemView::SingleSelection);
    m_json->setObjectName(QStringLiteral("resultJson"));
    m_json->setReadOnly(true);
    m_status->setObjectName(QStringLiteral("queryStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto form = new QFormLayout;
    form->addRow(tr("&SQL:"), m_sql);
    auto textRow = new QHBoxLayout;
    textRow->addWidget(m_text, 1);
    textRow->addWidget(m_run);
    auto textLabel = new QLabel(tr("@&text:"), this);
    textLabel->setBuddy(m_text);
    form->addRow(textLabel, textRow);
    form->addRow(tr("Other &parameters:"), m_parameters);

    auto split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_results);
    split->addWidget(m_json);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);

    auto buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_loadMore, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    bottom->addWidget(buttons);

    auto layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Query the %1. Results are listed by id; select one to see "
                                    "it.")
                                     .arg(feedText(feed)),
                                 this));
    layout->addLayout(form);
    layout->addWidget(split, 1);
    layout->addWidget(m_message);
    layout->addLayout(bottom);
    resize(820, 560);

    connect(m_run, &QPushButton::clicked, this, &ResourceQueryDialog::run);
    connect(m_text, &QLineEdit::returnPressed, this, &ResourceQueryDialog::run);
    connect(m_loadMore, &QPushButton::clicked, this, &ResourceQueryDialog::loadMore);
    connect(m_results->selectionModel(),
            &QItemSelectionModel::selectionChanged,
            this,
            &ResourceQueryDialog::showSelected);
    updateState();
    m_text->setFocus();
}

ResourceQueryDialog::~ResourceQueryDialog()
{
    dropPager();
}

QuerySpec ResourceQueryDialog::querySpec(CosmosError *error) const
{
    *error = {};
    QuerySpec spec;
    spec.query = m_sql->text().trimmed();
    if (spec.query.isEmpty()) {
        *error = CosmosError::invalidInput(tr("Type a query, for example: %1").arg(defaultQuery()));
        return {};
    }
    const bool usesText = spec.query.contains(QStringLiteral("@text"), Qt::CaseInsensitive);
    if (usesText)
        spec.parameters.append({QStringLiteral("@text"), m_text->text()});
    const QString extra = m_parameters->text().trimmed();
    if (!extra.isEmpty()) {
        QJsonParseError parse;
        const QJsonDocument doc = QJsonDocument::fromJson(extra.toUtf8(), &parse);
        if (parse.error != QJsonParseError::NoError || !doc.isObject()) {
            *error = CosmosError::invalidInput(
                tr("The other parameters must be a JSON object such as {\"@mode\": \"Read\"}."));
            return {};
        }
        const QJsonObject params = doc.object();
        for (auto it = params.begin(); it != params.end(); ++it) {
            QString name = it.key().trimmed();
            if (!name.startsWith(QLatin1Char('@')))
                name.prepend(QLatin1Char('@'));
            if (usesText && name.compare(QStringLiteral("@text"), Qt::CaseInsensitive) == 0)
                continue; // the @text field wins
            spec.parameters.append({name, it.value()});
        }
    }
    return spec;
}

void ResourceQueryDialog::dropPager()
{
    if (!m_pager)
        return;
    disconnect(m_pager, nullptr, this, nullptr); // a superseded query's pages are dropped
    m_pager->cancel();
    m_pager->deleteLater();
    m_pager = nullptr;
}

void ResourceQueryDialog::run()
{
    if (!m_client)
        return;
    CosmosError e;
    const QuerySpec spec = querySpec(&e);
    if (e.isError()) {
        m_message->showError(e);
        return;
    }
    dropPager();
    m_model->clear();
    m_json->clear();
    m_status->clear();
    RequestOptions options;
    options.maxItemCount = m_pageSize;
    m_pager = m_client->query(m_feed, spec, options, this);
    connect(m_pager, &Pager::pageReady, this, [this](const FeedPage &page) {
        const bool first = m_model->rowCount() == 0;
        m_model->append(page.items);
        if (m_model->rowCount() == 0 && !m_pager->hasMore())
            m_message->showInfo(tr("No %1 match.").arg(kindPlural(m_feed.kind())));
        else if (m_message->level() == MessageLine::Level::Busy)
            m_message->clear();
        if (first && m_model->rowCount() > 0)
            select(0);
        updateState();
        Q_EMIT pageLoaded();
    });
    connect(m_pager, &Pager::failed, this, [this](const CosmosError &error) {
        m_message->showError(error, tr("Could not query the %1").arg(feedText(m_feed)));
        updateState();
        Q_EMIT failed(error);
    });
    loadMore();
}

void ResourceQueryDialog::loadMore()
{
    if (!m_pager || m_pager->isBusy() || !m_pager->hasMore())
        return;
    m_message->showBusy(m_model->rowCount() == 0 ? tr("Querying the %1…").arg(feedText(m_feed))
                                                 : tr("Loading more…"));
    m_pager->fetchNext();
    updateState();
}

void ResourceQueryDialog::select(int row)
{
    m_results->setCurrentIndex(m_model->index(row, 0));
}

void ResourceQueryDialog::showSelected()
{
    const QModelIndexList rows = m_results->selectionModel()->selectedRows();
    if (rows.isEmpty()) {
        m_json->clear();
        return;
    }
    QJsonObject object = m_model->object(rows.first().row());
    if (m_feed.kind() == ResourceKind::Conflict) {
        const QJsonObject content = ConflictsView::conflictContent(object);
        if (!content.isEmpty())
            object.insert(QStringLiteral("content"), content); // readable, not escaped text
    }
    m_json->setText(prettyJson(object));
}

void ResourceQueryDialog::updateState()
{
    const bool busy = isBusy();
    m_loadMore->setEnabled(m_pager && !busy && m_pager->hasMore());
    if (!m_pager || m_pager->pagesFetched() == 0)
        return;
    QString text = tr("%1, %2")
                       .arg(countText(m_model->rowCount(), tr("result"), tr("results")),
                            QStringLiteral("%1"))
                       .arg(chargeText(m_pager->totalRequestCharge()));
    if (m_pager->hasMore())
        text += tr(" — more available");
    m_status->setText(text);
}

} // namespace Manage
