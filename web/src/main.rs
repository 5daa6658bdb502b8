fn main() {
    tfgrade_web::start();
}
