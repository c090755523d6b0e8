//! The list of rules: one line per rule.

use super::Rule;
use super::rules;

pub static RULES: &[&Rule] = &[
    &rules::add_enum_value::RULE,
    &rules::char_type::RULE,
    &rules::check_without_not_valid::RULE,
    &rules::concurrently_in_transaction::RULE,
    &rules::delete_without_where::RULE,
    &rules::downgrade_mismatch::RULE,
    &rules::edited_applied_migration::RULE,
    &rules::drop_column::RULE,
    &rules::drop_not_null::RULE,
    &rules::drop_table::RULE,
    &rules::enum_value_in_transaction::RULE,
    &rules::foreign_key_without_not_valid::RULE,
    &rules::identifier_too_long::RULE,
    &rules::identity_on_existing_table::RULE,
    &rules::index_without_concurrently::RULE,
    &rules::inline_unique_on_existing_table::RULE,
    &rules::int_primary_key::RULE,
    &rules::invalid_sql::RULE,
    &rules::irreversible_downgrade::RULE,
    &rules::json_type::RULE,
    &rules::locked_revision_missing::RULE,
    &rules::lossy_type_change::RULE,
    &rules::missing_lock_timeout::RULE,
    &rules::multiple_heads::RULE,
    &rules::non_transactional_ddl::RULE,
    &rules::not_null_column_without_default::RULE,
    &rules::not_null_without_backfill::RULE,
    &rules::not_understood::RULE,
    &rules::rename_column::RULE,
    &rules::rename_table::RULE,
    &rules::schema_and_data_mixed::RULE,
    &rules::serial_type::RULE,
    &rules::set_not_null::RULE,
    &rules::several_locks_on_one_table::RULE,
    &rules::table_rewrite_type_change::RULE,
    &rules::timestamp_without_time_zone::RULE,
    &rules::truncate_cascade::RULE,
    &rules::unbatched_backfill::RULE,
    &rules::unique_constraint_on_existing_table::RULE,
    &rules::unused_suppression::RULE,
    &rules::vague_message::RULE,
    &rules::validate_in_same_transaction::RULE,
    &rules::varchar_length::RULE,
    &rules::volatile_default::RULE,
];

/// The rule a name, code or alias refers to.
pub fn find(word: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.is_named(word))
}

/// The rule index as Markdown: the generated `rules/README.md`.
pub fn index_markdown() -> String {
    use std::fmt::Write;
    let mut text = String::from(
        "# Rules\n\nGenerated from the registry by the tests (`MIGC_BLESS=1 cargo test` \
         rewrites it); `migc rules` prints the same list.\n\n\
         | Rule | Code | Category | Default | Dialects | What it flags |\n\
         |---|---|---|---|---|---|\n",
    );
    for r in sorted() {
        let _ = writeln!(
            text,
            "| [{name}]({name}.md) | {} | {} | {} | {} | {} |",
            r.code,
            r.category.as_str(),
            default_text(r),
            dialects_text(r),
            r.summary,
            name = r.name
        );
    }
    text
}

/// Rules by category, then code.
pub fn sorted() -> Vec<&'static Rule> {
    let mut rules: Vec<&'static Rule> = RULES.to_vec();
    rules.sort_by_key(|r| (r.category, r.code));
    rules
}

pub fn dialects_text(rule: &Rule) -> String {
    if rule.dialects.is_empty() {
        "all".to_string()
    } else {
        let names: Vec<&str> = rule.dialects.iter().map(|d| d.as_str()).collect();
        names.join(", ")
    }
}

pub fn default_text(rule: &Rule) -> String {
    if rule.opt_in {
        "off (opt-in)".to_string()
    } else {
        rule.severity.to_string()
    }
}
