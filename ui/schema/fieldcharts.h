#pragma once

#include <schemastats.h>

#include <QWidget>

#include <functional>

QT_BEGIN_NAMESPACE
class QBarSet;
class QLabel;
class QVBoxLayout;
QT_END_NAMESPACE

namespace Cosmoscope {

/// The charts of one sampled field: type shares, top values (strings, booleans), histograms
/// (numbers, string lengths), a timeline (ISO-8601 strings, _ts) and, for a partition key
/// path, the documents per key value with the skew. Clicking a bar asks for its documents.
class FieldCharts : public QWidget
{
    Q_OBJECT
public:
    explicit FieldCharts(QWidget *parent = nullptr);

    /// Shows `field` of `stats`; nullptr shows a hint.
    void showField(const Cosmos::Schema::SchemaStats *stats,
                   const Cosmos::Schema::FieldStats *field);

    /// One chart shown, for tests and the screenshot.
    struct Chart
    {
        QString title;
        QStringList labels;
        QList<qint64> counts;
        QBarSet *set = nullptr;
        std::function<QString(int)> condition; ///< WHERE condition of a bar; empty: none
    };
    const QList<Chart> &charts() const { return m_charts; }
    QLabel *summary() const { return m_summary; }

Q_SIGNALS:
    /// A bar was clicked: `condition` selects its documents (alias c).
    void conditionRequested(const QString &condition);

protected:
    void changeEvent(QEvent *event) override;

private:
    void clearCharts();
    void addChart(Chart chart, bool horizontal);
    void addHistogram(const QString &title,
                      const QList<Cosmos::Schema::Bin> &bins,
                      const Cosmos::Schema::FieldStats &field,
                      bool asDate,
                      const QString &function = {},
                      bool dateIsTs = false);

    QLabel *m_summary;
    QVBoxLayout *m_chartsLayout;
    QList<Chart> m_charts;
    QList<QWidget *> m_views;
};

} // namespace Cosmoscope
